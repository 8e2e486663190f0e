using System.Globalization;

namespace AutoTrader.Observability.Logging;

/// <summary>Numbers as a log line writes them: the text <c>"R"</c> gives, and quoted names for what JSON has no number for.</summary>
internal static class JsonNumber
{
    /// <summary>Room enough for any number this class writes.</summary>
    public const int MaxBytes = 32;

    /// <summary>Writes <paramref name="value"/> in decimal; returns the bytes written.</summary>
    public static int WriteInteger(long value, Span<byte> into)
    {
        value.TryFormat(into, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>
    /// Writes <paramref name="value"/> as its shortest round-trip text (what <c>"R"</c> gives), or as
    /// the string <c>"NaN"</c>, <c>"Infinity"</c> or <c>"-Infinity"</c>; returns the bytes written.
    /// </summary>
    public static int WriteDouble(double value, Span<byte> into)
    {
        if (!double.IsFinite(value))
        {
            // JSON has no NaN or infinity; writing them as numbers would break every parser.
            var name = double.IsNaN(value) ? "\"NaN\""u8 : value > 0 ? "\"Infinity\""u8 : "\"-Infinity\""u8;
            name.CopyTo(into);
            return name.Length;
        }

        if (!TryFormatTenMillionths(value, into, out var written))
        {
            value.TryFormat(into, out written, "R", CultureInfo.InvariantCulture);
        }

        return written;
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
    public static bool TryFormatTenMillionths(double value, Span<byte> into, out int written)
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
}
