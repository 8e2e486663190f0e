using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// Formats one event into one UTF-8 JSON line: on the caller's thread from the event itself, or on
/// the log writer's thread from a <see cref="LogEntry"/> captured on the caller's. One instance per
/// thread is reused, so steady-state formatting allocates nothing for string, number and boolean
/// fields.
/// </summary>
/// <remarks>
/// Hand-written rather than a serializer call because the line's shape (fixed leading and trailing
/// keys from <see cref="LogSchema"/>, fields flat, redaction, reserved-key protection, trace
/// correlation) is the product, and because no serializer writes a <see cref="ReadOnlySpan{T}"/>
/// of fields without allocating. The values themselves are written by <see cref="JsonValueWriter"/>.
/// </remarks>
internal sealed class JsonLineBuilder : IScopeVisitor
{
    private const int RetainedCapacity = 64 * 1024;

    [ThreadStatic]
    private static JsonLineBuilder? t_cached;

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly JsonValueWriter _values;
    private readonly LineTimestamp _timestamp = new();
    private readonly List<string> _keys = new(16);
    private readonly List<string> _plainScopes = [];
    private LogLineSettings _settings = null!;

    private JsonLineBuilder() => _values = new JsonValueWriter(_buffer);

    /// <summary>A builder of its own, for a thread that formats many lines (the log writer).</summary>
    public static JsonLineBuilder Create() => new();

    /// <summary>The thread's builder, or a fresh one when it is busy (an event logged while formatting another).</summary>
    public static JsonLineBuilder Acquire()
    {
        var builder = t_cached;
        if (builder is null)
        {
            return new JsonLineBuilder();
        }

        t_cached = null;
        return builder;
    }

    public void Release()
    {
        if (_buffer.Capacity > RetainedCapacity)
        {
            return; // a huge line was formatted: let its buffer go instead of keeping it per thread
        }

        t_cached = this;
    }

    public ReadOnlySpan<byte> Build<TState>(
        LogLineSettings settings,
        JsonEncodedText category,
        LogLevel level,
        EventId eventId,
        ref TState state,
        Exception? exception,
        Func<TState, Exception?, string>? formatter,
        IExternalScopeProvider? scopes)
    {
        Start(settings, settings.Time.GetUtcNow().UtcTicks, level, category);

        if (typeof(TState) == typeof(StructuredLogState))
        {
            ref var structured = ref Unsafe.As<TState, StructuredLogState>(ref state);
            _values.String(structured.Event);
            foreach (ref readonly var field in structured.Fields)
            {
                WriteField(field);
            }

            if (structured.Context is { } context)
            {
                foreach (var field in context.Fields)
                {
                    WriteField(field);
                }
            }
        }
        else
        {
            WriteForeignState(ref state, exception, formatter, eventId);
        }

        if (scopes is not null)
        {
            WriteScopes(scopes);
        }

        if (exception is not null)
        {
            _values.Raw(LogSchema.ExceptionProperty);
            _values.Exception(exception);
        }

        Span<byte> traceIds = stackalloc byte[TraceIdsText.Length];
        if (TraceIdsText.TryWrite(Activity.Current, traceIds))
        {
            WriteTraceIds(traceIds);
        }

        _values.Raw(settings.Trailer);
        return _buffer.WrittenSpan;
    }

    /// <summary>The line of an event captured on another thread; the same bytes <see cref="Build{TState}"/> gives for it there.</summary>
    public ReadOnlySpan<byte> Build(LogEntry entry)
    {
        Start(entry.Settings, entry.TimestampTicks, entry.Level, entry.Category);
        _values.String(entry.Event);
        foreach (ref readonly var field in entry.Fields)
        {
            WriteField(field);
        }

        if (entry.PlainScopes is { } plainScopes)
        {
            WritePlainScopes(plainScopes);
        }

        if (entry.TraceIds is { IsEmpty: false } traceIds)
        {
            WriteTraceIds(traceIds);
        }

        _values.Raw(entry.Settings.Trailer);
        return _buffer.WrittenSpan;
    }

    /// <summary>A value as the JSON a line holds for it (nested redacted keys included): what an OTLP log attribute carries for an object.</summary>
    public string ValueJson(LogLineSettings settings, object? value)
    {
        _values.Redacted = settings.Redacted;
        _buffer.ResetWrittenCount();
        _values.Value(value);
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    /// <summary>Starts a line: <c>{"timestamp":…,"level":…,"logger":…,"event":</c>.</summary>
    private void Start(LogLineSettings settings, long utcTicks, LogLevel level, JsonEncodedText category)
    {
        _settings = settings;
        _values.Redacted = settings.Redacted;
        _buffer.ResetWrittenCount();
        _keys.Clear();

        _timestamp.Write(_buffer, utcTicks);
        _values.Raw(LogSchema.LevelProperty);
        _values.Raw(LogSchema.LevelValues[(int)level].EncodedUtf8Bytes);
        _values.Raw(LogSchema.LoggerProperty);
        _values.Raw(category.EncodedUtf8Bytes);
        _values.Raw(LogSchema.EventProperty);
    }

    private void WriteForeignState<TState>(ref TState state, Exception? exception, Func<TState, Exception?, string>? formatter, EventId eventId)
    {
        _values.String(EventText.MessageOf(_settings, ref state, exception, formatter));
        if (eventId.Id != 0)
        {
            WriteKeyValue(LogSchema.EventIdKey, eventId.Id);
            if (eventId.Name is not null)
            {
                WriteKeyValue(LogSchema.EventNameKey, eventId.Name);
            }
        }

        if (state is IReadOnlyList<KeyValuePair<string, object?>> properties)
        {
            LogScopes.VisitPairs(properties, this);
        }
    }

    private void WriteScopes(IExternalScopeProvider scopes)
    {
        _plainScopes.Clear();
        scopes.ForEachScope(static (scope, self) => LogScopes.Visit(scope, self), this);
        WritePlainScopes(_plainScopes);
    }

    /// <summary>Writes the text of plain scopes under <c>scope</c>, which is never redacted, unless a field took the key.</summary>
    private void WritePlainScopes(List<string> plainScopes)
    {
        if (plainScopes.Count == 0)
        {
            return;
        }

        var key = _settings.KeyOf(LogSchema.Scope);
        if (TryClaim(key.Name))
        {
            _values.Raw(key.Property);
            _values.StringArray(plainScopes);
        }
    }

    void IScopeVisitor.Field(in LogField field) => WriteField(field);

    void IScopeVisitor.Pair(string key, object? value) => WriteKeyValue(key, value);

    void IScopeVisitor.Plain(object scope) => _plainScopes.Add(EventText.SafeToString(scope));

    private void WriteField(in LogField field)
    {
        if (!TryWriteKey(field.Key))
        {
            return;
        }

        switch (field.Kind)
        {
            case LogFieldKind.String:
                _values.String((string)field.Reference!);
                break;
            case LogFieldKind.Integer:
                _values.Integer(field.Integer);
                break;
            case LogFieldKind.Float:
                _values.Double(field.Float);
                break;
            case LogFieldKind.Boolean:
                _values.Boolean(field.Boolean);
                break;
            case LogFieldKind.Null:
                _values.Null();
                break;
            default:
                _values.Value(field.Reference);
                break;
        }
    }

    private void WriteKeyValue(string rawKey, object? value)
    {
        if (TryWriteKey(rawKey))
        {
            _values.Value(value);
        }
    }

    /// <summary>
    /// Writes <c>,"key":</c> for a field, scope or message-template key and returns true when its
    /// value is to follow; false when the key is already on the line, or when its value is redacted
    /// (then written as <c>[REDACTED]</c>). Keys come from the same few strings on every event
    /// (literals, Kestrel's <c>ConnectionId</c>, a template's holes), hence the per-name cache.
    /// </summary>
    private bool TryWriteKey(string rawKey)
    {
        var key = _settings.KeyOf(rawKey);
        if (!TryClaim(key.Name))
        {
            return false;
        }

        _values.Raw(key.Property);
        if (key.Redacted)
        {
            _values.String(LogSchema.Redacted);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Takes a top-level name for this line; false when it is already written (the event's own
    /// fields win over bound context, which wins over scopes).
    /// </summary>
    private bool TryClaim(string claimed)
    {
        foreach (var seen in _keys)
        {
            if (string.Equals(seen, claimed, StringComparison.Ordinal))
            {
                return false;
            }
        }

        _keys.Add(claimed);
        return true;
    }

    /// <summary>Writes the span's ids (<see cref="TraceIdsText"/>) unless the event gave its own.</summary>
    private void WriteTraceIds(ReadOnlySpan<byte> ids)
    {
        if (!_keys.Contains(LogSchema.TraceId))
        {
            _values.Raw(LogSchema.TraceIdProperty);
            _values.Raw(TraceIdsText.TraceId(ids));
            _values.Raw("\""u8);
        }

        if (!_keys.Contains(LogSchema.SpanId))
        {
            _values.Raw(LogSchema.SpanIdProperty);
            _values.Raw(TraceIdsText.SpanId(ids));
            _values.Raw("\""u8);
        }
    }
}
