using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// One line waiting in the <see cref="LogLineWriter"/>: either bytes formatted on the caller's
/// thread, or a structured event's values captured there for the writer thread to format.
/// </summary>
/// <remarks>
/// Formatting in place cost a request about three times what it costs in a tight loop (the code
/// and its tables are cold on a request thread), so a structured event whose values cannot change
/// after the call (strings, numbers, booleans, and value types such as <see cref="decimal"/> or
/// <see cref="Guid"/>) is captured by reference and formatted by the writer, many lines in a row.
/// An event with an exception or with any other object (a list, a dictionary: it could be changed
/// once the call returns) is formatted on the caller's thread as before. Entries circulate: the
/// caller hands one to the queue and takes back the one the slot held, so steady logging
/// allocates none.
/// </remarks>
internal sealed class LogEntry
{
    /// <summary>What a line counts against the queue's capacity at least: the slot array holds one entry per this many bytes.</summary>
    public const int MinimumCharge = 64;

    private const int RetainedLineBytes = 16 * 1024;
    private const int FixedCaptureCharge = 160; // timestamp, level, the trailer's service keys, quotes and commas

    [ThreadStatic]
    private static LogEntry? t_spare;

    private byte[] _line = [];
    private int _lineLength;
    private LogField[] _fields = new LogField[16];
    private int _fieldCount;
    private bool _frozen;

    /// <summary>True when the writer formats this entry from its captured values; false when it holds a formatted line.</summary>
    public bool IsCaptured { get; private set; }

    /// <summary>Bytes this entry counts against the queue's capacity: the line's length, or an estimate of it.</summary>
    public int Charge { get; private set; }

    /// <summary>The line formatted on the caller's thread.</summary>
    public ReadOnlySpan<byte> Line => _line.AsSpan(0, _lineLength);

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

    public string? TraceId { get; private set; }

    public string? SpanId { get; private set; }

    /// <summary>The thread's spare entry, or a fresh one.</summary>
    public static LogEntry Rent()
    {
        var entry = t_spare;
        if (entry is null)
        {
            return new LogEntry();
        }

        t_spare = null;
        return entry;
    }

    /// <summary>Keeps a cleared entry as the thread's spare.</summary>
    public static void Return(LogEntry? entry)
    {
        if (entry is not null)
        {
            t_spare ??= entry;
        }
    }

    /// <summary>Holds a copy of a formatted line.</summary>
    public void SetLine(ReadOnlySpan<byte> line)
    {
        if (_line.Length < line.Length)
        {
            _line = new byte[Math.Max(line.Length, 512)];
        }

        line.CopyTo(_line);
        _lineLength = line.Length;
        IsCaptured = false;
        Charge = Math.Max(MinimumCharge, line.Length);
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
        IsCaptured = true;
        _fieldCount = 0;
        _frozen = true;
        PlainScopes = null;
        var charge = FixedCaptureCharge + category.EncodedUtf8Bytes.Length + state.Event.Length;

        foreach (ref readonly var field in state.Fields)
        {
            charge += Add(field);
        }

        if (state.Context is { } context)
        {
            foreach (var field in context.Fields)
            {
                charge += Add(field);
            }
        }

        scopes.ForEachScope(static (scope, entry) => entry.AddScope(scope), this);
        if (PlainScopes is not null)
        {
            foreach (var text in PlainScopes)
            {
                charge += text.Length + 4;
            }
        }

        var activity = Activity.Current;
        if (activity is not null && activity.IdFormat == ActivityIdFormat.W3C)
        {
            TraceId = activity.TraceId.ToHexString();
            SpanId = activity.SpanId.ToHexString();
            charge += 80;
        }
        else
        {
            TraceId = SpanId = null;
        }

        Charge = Math.Max(MinimumCharge, charge);
        return _frozen;
    }

    /// <summary>Drops the references the entry holds, so that a queued-and-written entry keeps nothing alive.</summary>
    public void Clear()
    {
        if (IsCaptured)
        {
            _fields.AsSpan(0, _fieldCount).Clear();
            _fieldCount = 0;
            PlainScopes = null;
            Event = "";
            TraceId = SpanId = null;
        }
        else if (_line.Length > RetainedLineBytes)
        {
            _line = [];
        }

        _lineLength = 0;
    }

    private void AddScope(object? scope)
    {
        switch (scope)
        {
            case null:
                break;
            case BoundContext context:
                foreach (var field in context.Fields)
                {
                    Add(field);
                }

                break;
            case IReadOnlyList<KeyValuePair<string, object?>> list: // ASP.NET Core's scopes: indexed, no enumerator to allocate
                for (var i = 0; i < list.Count; i++)
                {
                    var (key, value) = list[i];
                    if (key != "{OriginalFormat}")
                    {
                        Add(LogField.Of(key, value));
                    }
                }

                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var (key, value) in pairs)
                {
                    if (key != "{OriginalFormat}")
                    {
                        Add(LogField.Of(key, value));
                    }
                }

                break;
            default:
                (PlainScopes ??= []).Add(JsonLineBuilder.SafeToString(scope));
                break;
        }
    }

    /// <summary>Appends a field and returns its estimated size on the line.</summary>
    private int Add(in LogField field)
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

        return field.Key.Length + 4 + (field.Reference is string text ? text.Length + 2 : 24);
    }

    /// <summary>Values that read the same when the writer formats them as when they were logged.</summary>
    private static bool IsUnchangeable(object? value) =>
        value is decimal or DateTime or DateTimeOffset or Guid or TimeSpan or Enum or Uri or ulong or ushort or sbyte or char;
}
