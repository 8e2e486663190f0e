using System.Buffers;
using System.Globalization;
using System.Text;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>Writes exposition text as UTF-8 straight into a buffer, escaping as the formats require.</summary>
internal readonly struct Utf8TextWriter(IBufferWriter<byte> output)
{
    public void Write(ReadOnlySpan<byte> utf8) => output.Write(utf8);

    public void Write(string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    /// <summary>Writes <paramref name="text"/> with <c>\</c>, newline and (when asked) <c>"</c> escaped.</summary>
    public void WriteEscaped(string text, bool escapeQuote)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            ReadOnlySpan<byte> escape = c switch
            {
                '\\' => "\\\\"u8,
                '\n' => "\\n"u8,
                '"' when escapeQuote => "\\\""u8,
                _ => default,
            };
            if (escape.IsEmpty)
            {
                continue;
            }

            WriteChars(text.AsSpan(start, i - start));
            Write(escape);
            start = i + 1;
        }

        WriteChars(text.AsSpan(start));
    }

    public void WriteValue(double value)
    {
        if (double.IsNaN(value))
        {
            Write("NaN"u8);
        }
        else if (double.IsPositiveInfinity(value))
        {
            Write("+Inf"u8);
        }
        else if (double.IsNegativeInfinity(value))
        {
            Write("-Inf"u8);
        }
        else
        {
            var span = output.GetSpan(32);
            value.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture);
            output.Advance(written);
        }
    }

    public void WriteValue(long value)
    {
        var span = output.GetSpan(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    private void WriteChars(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            return;
        }

        // Lone surrogates become U+FFFD here, so any input string yields valid UTF-8.
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(chars.Length));
        output.Advance(Encoding.UTF8.GetBytes(chars, span));
    }
}
