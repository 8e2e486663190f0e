using System.Buffers;
using System.Collections;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// Writes JSON values into a line's buffer. A top-level value (depth 0) is written straight into
/// the buffer, the common case, without the JSON writer's bookkeeping; a value inside an object
/// or array goes through the <see cref="Utf8JsonWriter"/>, which places the commas. Either way
/// each type is written by one case of <see cref="WriteValue"/>, so a field, a scope's pair and
/// a dictionary's entry read the same.
/// </summary>
#pragma warning disable CA1001 // lives as long as its line builder; its writer holds no unmanaged resource
internal sealed class JsonValueWriter
#pragma warning restore CA1001
{
    /// <summary>How deep nested objects, sequences and inner exceptions are followed; deeper ones are written as text.</summary>
    public const int MaxDepth = 8;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = LogLineSettings.Encoder,
        SkipValidation = true,
    };

    private static readonly SearchValues<char> PlainAscii = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private readonly ArrayBufferWriter<byte> _buffer;
    private readonly Utf8JsonWriter _json;
    private readonly byte[] _scratch = new byte[JsonNumber.MaxBytes];

    public JsonValueWriter(ArrayBufferWriter<byte> buffer)
    {
        _buffer = buffer;
        _json = new Utf8JsonWriter(buffer, WriterOptions);
    }

    /// <summary>Keys whose nested values are written as <c>[REDACTED]</c>; set for each line.</summary>
    public FrozenSet<string> Redacted { get; set; } = FrozenSet<string>.Empty;

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
    }

    public void String(string value) => WriteString(value, 0);

    public void Integer(long value) => WriteInteger(value, 0);

    public void Double(double value) => WriteDouble(value, 0);

    public void Boolean(bool value) => Raw(value ? "true"u8 : "false"u8);

    public void Null() => Raw("null"u8);

    /// <summary>Any value; objects, sequences and exceptions as nested JSON (redacted keys included).</summary>
    public void Value(object? value) => WriteValue(value, 0);

    public void Exception(Exception exception)
    {
        _json.Reset(_buffer);
        ExceptionJson.Write(_json, exception, 0);
        _json.Flush();
    }

    public void StringArray(List<string> items)
    {
        _json.Reset(_buffer);
        _json.WriteStartArray();
        foreach (var item in items)
        {
            _json.WriteStringValue(Utf16Text.Sanitize(item));
        }

        _json.WriteEndArray();
        _json.Flush();
    }

    private void WriteValue(object? value, int depth)
    {
        switch (value)
        {
            case null:
                WriteToken("null"u8, depth);
                return;
            case string text:
                WriteString(text, depth);
                return;
            case bool b:
                WriteToken(b ? "true"u8 : "false"u8, depth);
                return;
            case int or long or short or byte or sbyte or ushort or uint:
                WriteInteger(Convert.ToInt64(value, CultureInfo.InvariantCulture), depth);
                return;
            case double d:
                WriteDouble(d, depth);
                return;
            case float f:
                WriteDouble(f, depth);
                return;
        }

        if (depth == 0)
        {
            // Anything else is written by the JSON writer, at the top level as the root of its own document.
            _json.Reset(_buffer);
            WriteValue(value, 1);
            _json.Flush();
            return;
        }

        var json = _json;
        switch (value)
        {
            case decimal m:
                json.WriteNumberValue(m);
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
                ExceptionJson.Write(json, e, depth);
                return;
            case { } deep when depth > MaxDepth:
                json.WriteStringValue(Utf16Text.Sanitize(EventText.SafeToString(deep)));
                return;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                json.WriteStartObject();
                foreach (var (key, item) in pairs)
                {
                    WriteProperty(key, item, depth);
                }

                json.WriteEndObject();
                return;
            case IDictionary dictionary:
                json.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    WriteProperty(EventText.SafeToString(entry.Key), entry.Value, depth);
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
            case { } other:
                json.WriteStringValue(Utf16Text.Sanitize(EventText.SafeToString(other)));
                return;
        }
    }

    private void WriteProperty(string key, object? value, int depth)
    {
        _json.WritePropertyName(Utf16Text.Sanitize(key));
        if (Redacted.Contains(key))
        {
            _json.WriteStringValue(LogSchema.RedactedValue);
        }
        else
        {
            WriteValue(value, depth + 1);
        }
    }

    /// <summary>
    /// A quoted JSON string. At the top level, printable ASCII without quotes or backslashes, the
    /// common case, is copied with one vectorized narrowing; anything else goes through the JSON
    /// writer's escaping, which gives the same bytes for that ASCII.
    /// </summary>
    private void WriteString(string value, int depth)
    {
        var text = value.AsSpan();
        if (depth == 0 && text.IndexOfAnyExcept(PlainAscii) < 0)
        {
            var into = _buffer.GetSpan(text.Length + 2);
            into[0] = (byte)'"';
            var written = Encoding.ASCII.GetBytes(text, into[1..]);
            into[written + 1] = (byte)'"';
            _buffer.Advance(written + 2);
            return;
        }

        if (depth == 0)
        {
            _json.Reset(_buffer);
        }

        _json.WriteStringValue(Utf16Text.Sanitize(value));
        if (depth == 0)
        {
            _json.Flush();
        }
    }

    private void WriteInteger(long value, int depth)
    {
        var into = ScalarSpace(depth);
        WriteScalar(into, JsonNumber.WriteInteger(value, into), depth);
    }

    private void WriteDouble(double value, int depth)
    {
        var into = ScalarSpace(depth);
        WriteScalar(into, JsonNumber.WriteDouble(value, into), depth);
    }

    private void WriteToken(ReadOnlySpan<byte> token, int depth)
    {
        var into = ScalarSpace(depth);
        token.CopyTo(into);
        WriteScalar(into, token.Length, depth);
    }

    /// <summary>Where a number or literal is formatted: in the line itself at the top level, else in a scratch buffer for the JSON writer.</summary>
    private Span<byte> ScalarSpace(int depth) => depth == 0 ? _buffer.GetSpan(JsonNumber.MaxBytes) : _scratch;

    private void WriteScalar(Span<byte> formatted, int length, int depth)
    {
        if (depth == 0)
        {
            _buffer.Advance(length);
        }
        else
        {
            _json.WriteRawValue(formatted[..length], skipInputValidation: true);
        }
    }
}
