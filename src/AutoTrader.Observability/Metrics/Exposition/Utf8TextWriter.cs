using System.Buffers;
using System.Globalization;
using System.Text;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>Writes exposition text as UTF-8 straight into a buffer, escaping as the formats require.</summary>
internal readonly struct Utf8TextWriter(IBufferWriter<byte> output)
{
    private static readonly SearchValues<char> LabelValueSpecials = SearchValues.Create("\\\n\"");
    private static readonly SearchValues<char> HelpSpecials = SearchValues.Create("\\\n");

    public void Write(ReadOnlySpan<byte> utf8) => output.Write(utf8);

    public void Write(string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    /// <summary>Writes <paramref name="text"/> with <c>\</c>, newline and (when asked) <c>"</c> escaped.</summary>
    public void WriteEscaped(string text, bool escapeQuote)
    {
        var rest = text.AsSpan();
        var special = escapeQuote ? LabelValueSpecials : HelpSpecials;
        int next;
        while ((next = rest.IndexOfAny(special)) >= 0)
        {
            WriteChars(rest[..next]);
            Write(rest[next] switch
            {
                '\\' => "\\\\"u8,
                '\n' => "\\n"u8,
                _ => "\\\""u8,
            });
            rest = rest[(next + 1)..];
        }

        WriteChars(rest);
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
            // The default format is the shortest string that round-trips, and much faster than "R".
            value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
            output.Advance(written);
        }
    }

    public void WriteValue(long value)
    {
        var span = output.GetSpan(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    /// <summary>Writes <paramref name="bytes"/> as lowercase hexadecimal, two digits a byte.</summary>
    public void WriteHex(ReadOnlySpan<byte> bytes)
    {
        var span = output.GetSpan(bytes.Length * 2);
        Convert.TryToHexStringLower(bytes, span, out var written);
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
