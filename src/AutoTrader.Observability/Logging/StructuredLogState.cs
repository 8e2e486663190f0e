namespace AutoTrader.Observability.Logging;

/// <summary>
/// The state an event logged through <see cref="StructuredLoggerExtensions"/> carries through
/// <see cref="Microsoft.Extensions.Logging.ILogger.Log{TState}"/>. Its fields live in a buffer that
/// is reused once the call returns, so a provider must read them during the call.
/// </summary>
internal readonly struct StructuredLogState
{
    public static readonly Func<StructuredLogState, Exception?, string> Formatter = static (s, _) => s.Event;

    public StructuredLogState(string @event, LogField[] fields, int count, BoundContext? context)
    {
        Event = @event;
        FieldBuffer = fields;
        Count = count;
        Context = context;
    }

    public string Event { get; }

    public LogField[] FieldBuffer { get; }

    public int Count { get; }

    public BoundContext? Context { get; }

    public ReadOnlySpan<LogField> Fields => FieldBuffer.AsSpan(0, Count);

    public override string ToString() => Event;
}
