using System.Buffers;
using System.Collections;
using System.Diagnostics;
using System.Globalization;
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
/// keys, fields flat, redaction, reserved-key protection, trace correlation) is the product, and
/// because no serializer writes a <see cref="ReadOnlySpan{T}"/> of fields without allocating.
/// </remarks>
#pragma warning disable CA1001 // lives as long as its thread; its writer holds no unmanaged resource
internal sealed class JsonLineBuilder : IScopeVisitor
#pragma warning restore CA1001
{
    private const int MaxDepth = 8;
    private const int RetainedCapacity = 64 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = LogLineSettings.Encoder,
        SkipValidation = true,
    };

    private static readonly SearchValues<char> PlainAscii = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static ReadOnlySpan<byte> TimestampPrefix => "{\"timestamp\":\""u8;

    private static ReadOnlySpan<byte> RedactedJson => "\"[REDACTED]\""u8;

    [ThreadStatic]
    private static JsonLineBuilder? t_cached;

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;
    private readonly List<string> _keys = new(16);
    private readonly List<string> _plainScopes = [];
    private readonly byte[] _secondText = new byte[20];
    private long _formattedSecond = -1;
    private LogLineSettings _settings = null!;

    private JsonLineBuilder() => _json = new Utf8JsonWriter(_buffer, WriterOptions);

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
            WriteString(structured.Event);
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
            Raw(",\"exception\":"u8);
            _json.Reset(_buffer);
            WriteException(exception, 0);
            _json.Flush();
        }

        var activity = Activity.Current;
        if (activity is not null && activity.IdFormat == ActivityIdFormat.W3C)
        {
            WriteTraceIds(activity.TraceId.ToHexString(), activity.SpanId.ToHexString());
        }

        Raw(settings.Trailer);
        return _buffer.WrittenSpan;
    }

    /// <summary>The line of an event captured on another thread; the same bytes <see cref="Build{TState}"/> gives for it there.</summary>
    public ReadOnlySpan<byte> Build(LogEntry entry)
    {
        Start(entry.Settings, entry.TimestampTicks, entry.Level, entry.Category);
        WriteString(entry.Event);
        foreach (ref readonly var field in entry.Fields)
        {
            WriteField(field);
        }

        if (entry.PlainScopes is { } plainScopes)
        {
            WritePlainScopes(plainScopes);
        }

        if (entry.TraceId is { } traceId && entry.SpanId is { } spanId)
        {
            WriteTraceIds(traceId, spanId);
        }

        Raw(entry.Settings.Trailer);
        return _buffer.WrittenSpan;
    }

    /// <summary>Starts a line: <c>{"timestamp":…,"level":…,"logger":…,"event":</c>.</summary>
    private void Start(LogLineSettings settings, long utcTicks, LogLevel level, JsonEncodedText category)
    {
        _settings = settings;
        _buffer.ResetWrittenCount();
        _keys.Clear();

        WriteTimestamp(utcTicks);
        Raw(",\"level\":\""u8);
        Raw(LogSchema.LevelValues[(int)level].EncodedUtf8Bytes);
        Raw("\",\"logger\":\""u8);
        Raw(category.EncodedUtf8Bytes);
        Raw("\",\"event\":"u8);
    }

    /// <summary>
    /// The <c>event</c> of a classic <c>ILogger</c> call: its formatted message, rendered again
    /// with <c>[REDACTED]</c> in the holes of redacted names.
    /// </summary>
    public static string MessageOf<TState>(LogLineSettings settings, ref TState state, Exception? exception, Func<TState, Exception?, string>? formatter)
    {
        string message;
        try
        {
            message = formatter is not null ? formatter(state, exception) : state?.ToString() ?? "";
        }
#pragma warning disable CA1031 // a broken formatter must not lose the event
        catch (Exception e)
        {
            message = $"<message formatting failed: {e.GetType().Name}>";
        }
#pragma warning restore CA1031

        if (state is IReadOnlyList<KeyValuePair<string, object?>> arguments && RedactedMessage.IsNeeded(arguments, settings)
            && arguments.FirstOrDefault(p => p.Key == "{OriginalFormat}").Value is string template)
        {
            message = RedactedMessage.Render(template, arguments, settings);
        }

        return message;
    }

    /// <summary>A value as the JSON a line holds for it (nested redacted keys included): what an OTLP log attribute carries for an object.</summary>
    public string ValueJson(LogLineSettings settings, object? value)
    {
        _settings = settings;
        _buffer.ResetWrittenCount();
        WriteNested(value);
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    private void WriteForeignState<TState>(ref TState state, Exception? exception, Func<TState, Exception?, string>? formatter, EventId eventId)
    {
        WriteString(MessageOf(_settings, ref state, exception, formatter));
        if (eventId.Id != 0)
        {
            WriteKeyValue("event_id", eventId.Id, 0);
            if (eventId.Name is not null)
            {
                WriteKeyValue("event_name", eventId.Name, 0);
            }
        }

        if (state is IReadOnlyList<KeyValuePair<string, object?>> properties)
        {
            for (var i = 0; i < properties.Count; i++)
            {
                var (key, value) = properties[i];
                if (key != "{OriginalFormat}")
                {
                    WriteKeyValue(key, value, 0);
                }
            }
        }
    }

    private void WriteScopes(IExternalScopeProvider scopes)
    {
        _plainScopes.Clear();
        scopes.ForEachScope(static (scope, self) => LogScopes.Visit(scope, self), this);
        WritePlainScopes(_plainScopes);
    }

    private void WritePlainScopes(List<string> plainScopes)
    {
        if (plainScopes.Count > 0 && TryClaimKey("scope", out var key))
        {
            Property(key);
            _json.Reset(_buffer);
            _json.WriteStartArray();
            foreach (var s in plainScopes)
            {
                WriteSafeStringValue(s);
            }

            _json.WriteEndArray();
            _json.Flush();
        }
    }

    void IScopeVisitor.Field(in LogField field) => WriteField(field);

    void IScopeVisitor.Pair(string key, object? value) => WriteKeyValue(key, value, 0);

    void IScopeVisitor.Plain(object scope) => _plainScopes.Add(SafeToString(scope));

    private void WriteField(in LogField field)
    {
        if (!TryWriteKey(field.Key))
        {
            return;
        }

        switch (field.Kind)
        {
            case LogFieldKind.String:
                WriteString((string)field.Reference!);
                break;
            case LogFieldKind.Integer:
                WriteInteger(field.Integer);
                break;
            case LogFieldKind.Float:
                WriteDouble(field.Float);
                break;
            case LogFieldKind.Boolean:
                Raw(field.Boolean ? "true"u8 : "false"u8);
                break;
            case LogFieldKind.Null:
                Raw("null"u8);
                break;
            default:
                WriteNested(field.Reference);
                break;
        }
    }

    private void WriteKeyValue(string rawKey, object? value, int depth)
    {
        if (!TryWriteKey(rawKey))
        {
            return;
        }

        switch (value)
        {
            case string text:
                WriteString(text);
                break;
            case int or long:
                WriteInteger(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double d:
                WriteDouble(d);
                break;
            case bool b:
                Raw(b ? "true"u8 : "false"u8);
                break;
            case null:
                Raw("null"u8);
                break;
            default:
                WriteNested(value, depth + 1);
                break;
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

        Raw(key.Property);
        if (key.Redacted)
        {
            Raw(RedactedJson);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Decides the name a top-level key is written under: reserved names get a leading underscore,
    /// and a name already written on this line is skipped (the event's own fields win over bound
    /// context, which wins over scopes).
    /// </summary>
    private bool TryClaimKey(string key, out string claimed)
    {
        claimed = Utf16Text.Sanitize(LogSchema.IsReserved(key) ? "_" + key : key);
        return TryClaim(claimed);
    }

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

    private void WriteValue(object? value, int depth)
    {
        var json = _json;
        switch (value)
        {
            case null:
                json.WriteNullValue();
                return;
            case string s:
                WriteSafeStringValue(s);
                return;
            case bool b:
                json.WriteBooleanValue(b);
                return;
            case int i:
                json.WriteNumberValue(i);
                return;
            case long l:
                json.WriteNumberValue(l);
                return;
            case double d:
                WriteDoubleValue(d);
                return;
            case float f:
                WriteDoubleValue(f);
                return;
            case decimal m:
                json.WriteNumberValue(m);
                return;
            case short or byte or sbyte or ushort or uint:
                json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return;
            case ulong u:
                json.WriteNumberValue(u);
                return;
            case DateTime dt:
                json.WriteStringValue(dt.ToString("O", CultureInfo.InvariantCulture));
                return;
            case DateTimeOffset dto:
                json.WriteStringValue(dto.ToString("O", CultureInfo.InvariantCulture));
                return;
            case Enum or Guid or TimeSpan or Uri:
                json.WriteStringValue(value.ToString());
                return;
            case Exception e:
                WriteException(e, depth);
                return;
        }

        if (depth > MaxDepth)
        {
            WriteSafeStringValue(SafeToString(value));
            return;
        }

        switch (value)
        {
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                json.WriteStartObject();
                foreach (var (key, item) in pairs)
                {
                    WriteNestedProperty(key, item, depth);
                }

                json.WriteEndObject();
                return;
            case IDictionary dictionary:
                json.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    WriteNestedProperty(SafeToString(entry.Key), entry.Value, depth);
                }

                json.WriteEndObject();
                return;
            case IEnumerable sequence:
                json.WriteStartArray();
                foreach (var item in sequence)
                {
                    WriteValue(item, depth + 1);
                }

                json.WriteEndArray();
                return;
            default:
                WriteSafeStringValue(SafeToString(value));
                return;
        }
    }

    private void WriteNestedProperty(string key, object? value, int depth)
    {
        _json.WritePropertyName(Utf16Text.Sanitize(key));
        if (_settings.Redacted.Contains(key))
        {
            _json.WriteStringValue(LogSchema.RedactedValue);
        }
        else
        {
            WriteValue(value, depth + 1);
        }
    }

    private void WriteException(Exception exception, int depth)
    {
        var json = _json;
        json.WriteStartObject();
        json.WriteString("type", exception.GetType().FullName);
        WriteSafeString("message", exception.Message);
        WriteSafeString("stack_trace", exception.StackTrace ?? "");
        if (depth < MaxDepth)
        {
            if (exception is AggregateException aggregate)
            {
                json.WriteStartArray("inner_exceptions");
                foreach (var inner in aggregate.InnerExceptions)
                {
                    WriteException(inner, depth + 1);
                }

                json.WriteEndArray();
            }
            else if (exception.InnerException is { } inner)
            {
                json.WritePropertyName("inner");
                WriteException(inner, depth + 1);
            }
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// Writes the span's ids unless the event gave its own. Activity keeps its ids as hex text:
    /// ToHexString returns that string without allocating, so the ids are only narrowed to ASCII
    /// here, never parsed to bytes and encoded again.
    /// </summary>
    private void WriteTraceIds(string traceId, string spanId)
    {
        if (!_keys.Contains(LogSchema.TraceId))
        {
            Raw(",\"trace_id\":\""u8);
            RawAscii(traceId);
            Raw("\""u8);
        }

        if (!_keys.Contains(LogSchema.SpanId))
        {
            Raw(",\"span_id\":\""u8);
            RawAscii(spanId);
            Raw("\""u8);
        }
    }

    /// <summary>
    /// Writes <c>{"timestamp":"2025-10-08T10:30:45.123Z"</c>. The part up to the seconds is
    /// formatted once per second on each thread; only the milliseconds change between events.
    /// </summary>
    private void WriteTimestamp(long ticks)
    {
        var second = ticks / TimeSpan.TicksPerSecond;
        if (second != _formattedSecond)
        {
            var utc = new DateTime(second * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
            utc.TryFormat(_secondText, out _, "yyyy-MM-ddTHH:mm:ss.", CultureInfo.InvariantCulture);
            _formattedSecond = second;
        }

        var line = _buffer.GetSpan(TimestampPrefix.Length + 26);
        TimestampPrefix.CopyTo(line);
        var text = line[TimestampPrefix.Length..];
        _secondText.CopyTo(text);
        var millisecond = (int)(ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMillisecond);
        text[20] = (byte)('0' + (millisecond / 100));
        text[21] = (byte)('0' + (millisecond / 10 % 10));
        text[22] = (byte)('0' + (millisecond % 10));
        text[23] = (byte)'Z';
        text[24] = (byte)'"';
        _buffer.Advance(TimestampPrefix.Length + 25);
    }

    private void WriteDoubleValue(double value)
    {
        if (double.IsFinite(value))
        {
            _json.WriteNumberValue(value);
        }
        else
        {
            // JSON has no NaN or infinity; writing them as numbers would break every parser.
            _json.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private void WriteSafeString(string key, string value) => _json.WriteString(key, Utf16Text.Sanitize(value));

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
    }

    /// <summary>Writes text known to be ASCII (hex ids) as it is.</summary>
    private void RawAscii(string text)
    {
        Ascii.FromUtf16(text, _buffer.GetSpan(text.Length), out var written);
        _buffer.Advance(written);
    }

    /// <summary>Writes <c>,"key":</c> for a key that has not been encoded before.</summary>
    private void Property(string key)
    {
        Raw(","u8);
        WriteString(key);
        Raw(":"u8);
    }

    /// <summary>
    /// A quoted JSON string. Printable ASCII without quotes or backslashes, the common case, is
    /// copied with one vectorized narrowing; anything else goes through the JSON writer's escaping.
    /// </summary>
    private void WriteString(string value)
    {
        var text = value.AsSpan();
        if (text.IndexOfAnyExcept(PlainAscii) < 0)
        {
            var into = _buffer.GetSpan(text.Length + 2);
            into[0] = (byte)'"';
            var written = Encoding.ASCII.GetBytes(text, into[1..]);
            into[written + 1] = (byte)'"';
            _buffer.Advance(written + 2);
            return;
        }

        _json.Reset(_buffer);
        _json.WriteStringValue(Utf16Text.Sanitize(value));
        _json.Flush();
    }

    private void WriteInteger(long value)
    {
        var into = _buffer.GetSpan(20);
        value.TryFormat(into, out var written, default, CultureInfo.InvariantCulture);
        _buffer.Advance(written);
    }

    private void WriteDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            // JSON has no NaN or infinity; writing them as numbers would break every parser.
            Raw(double.IsNaN(value) ? "\"NaN\""u8 : value > 0 ? "\"Infinity\""u8 : "\"-Infinity\""u8);
            return;
        }

        var into = _buffer.GetSpan(32);
        if (!TryFormatTenMillionths(value, into, out var written))
        {
            value.TryFormat(into, out written, "R", CultureInfo.InvariantCulture);
        }

        _buffer.Advance(written);
    }

    /// <summary>
    /// Writes a double that is a whole number of ten-millionths between 10^-7 and 10^8 (a duration
    /// from <see cref="TimeSpan"/> ticks, a score, most prices) as the text <c>"R"</c> gives, with
    /// integer arithmetic: the general shortest round-trip algorithm was a tenth of the access
    /// line's formatting cost. False, writing nothing, for any other value.
    /// </summary>
    /// <remarks>
    /// <c>units / 1e7</c> is correctly rounded, so when it equals the value, the decimal
    /// <c>units</c> × 10^-7 reads back as the value; having at most 15 significant digits, it is the
    /// only such decimal of 15 digits or fewer, hence the shortest. <c>"R"</c> writes it without an
    /// exponent from 10^-4 up, and as <c>5.08E-05</c> below: most request durations under load
    /// (less than 100 us) are such values.
    /// </remarks>
    internal static bool TryFormatTenMillionths(double value, Span<byte> into, out int written)
    {
        const long UnitsPerOne = 10_000_000;
        written = 0;
        var magnitude = Math.Abs(value);
        if (!(magnitude is >= 1e-7 and < 1e8))
        {
            return false;
        }

        var units = Math.Round(magnitude * UnitsPerOne);
        if (units / UnitsPerOne != magnitude)
        {
            return false;
        }

        var position = 0;
        if (value < 0)
        {
            into[position++] = (byte)'-';
        }

        if (magnitude < 1e-4)
        {
            written = position + WriteSmallUnits((int)units, into[position..]);
            return true;
        }

        var (whole, fraction) = Math.DivRem((long)units, UnitsPerOne);
        whole.TryFormat(into[position..], out var wholeDigits, default, CultureInfo.InvariantCulture);
        position += wholeDigits;
        if (fraction != 0)
        {
            var digits = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }

            into[position++] = (byte)'.';
            for (var i = digits - 1; i >= 0; i--)
            {
                into[position + i] = (byte)('0' + (fraction % 10));
                fraction /= 10;
            }

            position += digits;
        }

        written = position;
        return true;
    }

    /// <summary>Writes 1 to 999 ten-millionths in <c>"R"</c>'s exponent form (<c>1E-07</c>, <c>5.08E-05</c>); returns the bytes written.</summary>
    private static int WriteSmallUnits(int units, Span<byte> into)
    {
        var exponent = units >= 100 ? 5 : units >= 10 ? 6 : 7; // units × 10^-7 = d.dd × 10^-exponent
        while (units % 10 == 0)
        {
            units /= 10; // trailing zeros leave the mantissa, not the exponent: 500 is 5E-05
        }

        // The first digit stands before the point, the others after it.
        Span<byte> digits = stackalloc byte[3];
        var count = 0;
        for (var rest = units; rest > 0; rest /= 10)
        {
            digits[count++] = (byte)('0' + (rest % 10));
        }

        var position = 0;
        into[position++] = digits[count - 1];
        if (count > 1)
        {
            into[position++] = (byte)'.';
            for (var i = count - 2; i >= 0; i--)
            {
                into[position++] = digits[i];
            }
        }

        "E-0"u8.CopyTo(into[position..]);
        into[position + 3] = (byte)('0' + exponent);
        return position + 4;
    }

    /// <summary>A dictionary, sequence, decimal or other object, through the JSON writer.</summary>
    private void WriteNested(object? value, int depth = 1)
    {
        _json.Reset(_buffer);
        WriteValue(value, depth);
        _json.Flush();
    }

    private void WriteSafeStringValue(string value) => _json.WriteStringValue(Utf16Text.Sanitize(value));

    internal static string SafeToString(object value)
    {
        try
        {
            return value.ToString() ?? "";
        }
#pragma warning disable CA1031 // a value that cannot print itself must not lose the event
        catch (Exception e)
        {
            return $"<{value.GetType().Name}.ToString failed: {e.GetType().Name}>";
        }
#pragma warning restore CA1031
    }
}

/// <summary>Repairs text that is not valid UTF-16, which a JSON writer refuses.</summary>
internal static class Utf16Text
{
    /// <summary>Returns <paramref name="value"/>, or a copy with each lone surrogate replaced by U+FFFD.</summary>
    public static string Sanitize(string value)
    {
        var span = value.AsSpan();
        var first = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return value;
        }

        StringBuilder? repaired = null;
        for (var i = first; i < span.Length; i++)
        {
            var c = span[i];
            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                repaired?.Append(c).Append(span[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                repaired ??= new StringBuilder(value.Length).Append(span[..i]);
                repaired.Append('\uFFFD');
            }
            else
            {
                repaired?.Append(c);
            }
        }

        return repaired?.ToString() ?? value;
    }
}
