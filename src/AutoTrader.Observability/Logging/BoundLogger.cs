using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// A logger with bound context: every event it writes carries the context's fields after the
/// event's own. Returned by <see cref="StructuredLoggerExtensions.Bind"/>; the parent is unchanged.
/// </summary>
internal sealed class BoundLogger(ILogger inner, BoundContext context) : ILogger
{
    public ILogger Inner { get; } = inner;

    public BoundContext Context { get; } = context;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => Inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => Inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        // Events from the structured API arrive unwrapped (see StructuredLoggerExtensions); the
        // classic ILogger API (LogInformation and friends) carries the context as a scope.
        using var scope = Inner.BeginScope(Context);
        Inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
