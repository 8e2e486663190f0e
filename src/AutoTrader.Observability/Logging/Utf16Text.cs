using System.Text;

namespace AutoTrader.Observability.Logging;

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
