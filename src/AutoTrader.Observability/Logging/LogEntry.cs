using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// A structured event captured on the caller's thread, waiting in the <see cref="LogLineWriter"/>
/// for its thread to format it.
/// </summary>
/// <remarks>
/// Formatting in place cost a request about three times what it costs in a tight loop (the code
/// and its tables are cold on a request thread), so a structured event whose values cannot change
/// after the call (strings, numbers, booleans, and value types such as <see cref="decimal"/> or
/// <see cref="Guid"/>) is captured by reference and formatted by the writer, many lines in a row.
/// An event with an exception or with any other object (a list, a dictionary: it could be changed
/// once the call returns) is formatted on the caller's thread as before. Each writer owns a fixed
/// pool of entries that circulate (the caller hands one over and takes back one the writer has
/// written), so steady logging allocates none and a writer that falls behind makes callers format
/// in place instead of holding more memory.
/// </remarks>
internal sealed class LogEntry(LogLineWriter owner) : IScopeVisitor
{
    [ThreadStatic]
    private static LogEntry? t_spare;

    private LogField[] _fields = new LogField[8];
    private int _fieldCount;
    private bool _frozen;

    /// <summary>The writer whose pool this entry belongs to.</summary>
    public LogLineWriter Owner { get; } = owner;

    public LogLineSettings Settings { get; private set; } = null!;

    public long TimestampTicks { get; private set; }

    public LogLevel Level { get; private set; }

    public JsonEncodedText Category { get; private set; }

    public string Event { get; private set; } = "";

    /// <summary>The event's fields, then its bound context, then its scopes' pairs, in the order they are written.</summary>
    public ReadOnlySpan<LogField> Fields => _fields.AsSpan(0, _fieldCount);

    /// <summary>
    /// Scopes that are neither pairs nor bound context, as text, written under <c>scope</c>; null
    /// when there are none, the usual case: a list kept per entry was one more cache line that
    /// crossed cores with every line.
    /// </summary>
    public List<string>? PlainScopes { get; private set; }

    private TraceIdsText _traceIds;
    private bool _hasTraceIds;

    /// <summary>The current span's ids when the event was logged (<see cref="TraceIdsText"/>); empty outside a W3C span.</summary>
    public ReadOnlySpan<byte> TraceIds => _hasTraceIds ? (ReadOnlySpan<byte>)_traceIds : default;

    /// <summary>The thread's spare entry of <paramref name="writer"/>'s pool, if it has one.</summary>
    public static LogEntry? TakeSpare(LogLineWriter writer)
    {
        var entry = t_spare;
        if (entry is null || entry.Owner != writer)
        {
            return null; // another writer's spare stays with the thread for that writer
        }

        t_spare = null;
        return entry;
    }

    /// <summary>Keeps a cleared entry as the thread's spare, for its next event.</summary>
    public static void KeepSpare(LogEntry? entry)
    {
        if (entry is not null)
        {
            t_spare = entry;
        }
    }

    /// <summary>
    /// Captures a structured event, its bound context, the current scopes and trace ids; false
    /// (the entry then holds nothing of use) when a value could change after the call returns.
    /// </summary>
    public bool TryCapture(LogLineSettings settings, JsonEncodedText category, LogLevel level, in StructuredLogState state, IExternalScopeProvider scopes)
    {
        Settings = settings;
        TimestampTicks = settings.Time.GetUtcNow().UtcTicks;
        Level = level;
        Category = category;
        Event = state.Event;
        _fieldCount = 0;
        _frozen = true;
        PlainScopes = null;

        foreach (ref readonly var field in state.Fields)
        {
            Add(field);
        }

        if (state.Context is { } context)
        {
            foreach (var field in context.Fields)
            {
                Add(field);
            }
        }

        scopes.ForEachScope(static (scope, entry) => LogScopes.Visit(scope, entry), this);
        _hasTraceIds = TraceIdsText.TryWrite(Activity.Current, _traceIds);
        return _frozen;
    }

    /// <summary>Drops the references the entry holds, so that a written entry keeps nothing alive.</summary>
    public void Clear()
    {
        _fields.AsSpan(0, _fieldCount).Clear();
        _fieldCount = 0;
        PlainScopes = null;
        Event = "";
        _hasTraceIds = false;
    }

    void IScopeVisitor.Field(in LogField field) => Add(field);

    void IScopeVisitor.Pair(string key, object? value) => Add(LogField.Of(key, value));

    void IScopeVisitor.Plain(object scope) => (PlainScopes ??= []).Add(EventText.SafeToString(scope));

    /// <summary>Appends a field; a value that could change after the call makes the event one to format in place.</summary>
    private void Add(in LogField field)
    {
        if (_fieldCount == _fields.Length)
        {
            Array.Resize(ref _fields, _fields.Length * 2);
        }

        _fields[_fieldCount++] = field;
        if (field.Kind == LogFieldKind.Object && !IsUnchangeable(field.Reference))
        {
            _frozen = false;
        }
    }

    /// <summary>Values that read the same when the writer formats them as when they were logged.</summary>
    private static bool IsUnchangeable(object? value) =>
        value is decimal or DateTime or DateTimeOffset or Guid or TimeSpan or Enum or Uri or ulong or ushort or sbyte or char;
}
