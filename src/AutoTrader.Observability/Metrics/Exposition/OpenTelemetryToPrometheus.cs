using System.Buffers;
using System.Globalization;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>
/// Translates OpenTelemetry to Prometheus: instrument and attribute names become Prometheus names
/// (invalid characters become <c>_</c>; names that are already valid, as every catalog and module
/// name is, pass unchanged), attribute values label text.
/// </summary>
internal static class OpenTelemetryToPrometheus
{
    private static readonly SearchValues<char> NameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:");
    private static readonly SearchValues<char> LabelChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    public static string LabelName(string key) => Sanitize(key, LabelChars);

    /// <summary>An attribute value as label text: strings as they are, numbers and booleans invariant, null empty.</summary>
    public static string LabelValue(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>
    /// The family name of an instrument. An instrument named the Prometheus way is kept as is; one
    /// named the OpenTelemetry way (e.g. <c>dotnet.gc.collections</c>) gets its unit as a suffix and,
    /// for a counter, <c>_total</c>, as the OpenTelemetry-to-Prometheus mapping says.
    /// </summary>
    /// <remarks>
    /// Prometheus reserves <c>_count</c>, <c>_sum</c> and <c>_bucket</c> for histogram and summary
    /// samples; an OpenTelemetry-named gauge that ends in one (e.g. <c>dotnet.assembly.count</c>)
    /// gets <c>_value</c> appended so that linters and parsers do not take it for a histogram part.
    /// </remarks>
    public static string FamilyName(string instrumentName, string? unit, bool isCounter, bool isHistogram = false)
    {
        if (instrumentName.AsSpan().IndexOfAnyExcept(NameChars) < 0 && instrumentName.Length > 0 && !char.IsAsciiDigit(instrumentName[0]))
        {
            return isCounter && !instrumentName.EndsWith("_total", StringComparison.Ordinal) ? instrumentName + "_total" : instrumentName;
        }

        var name = Sanitize(instrumentName, NameChars);
        var suffix = unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            "1" => "_ratio",
            _ => null,
        };
        if (suffix is not null && !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            name += suffix;
        }

        if (!isCounter && !isHistogram && (name.EndsWith("_count", StringComparison.Ordinal) || name.EndsWith("_sum", StringComparison.Ordinal) || name.EndsWith("_bucket", StringComparison.Ordinal)))
        {
            name += "_value";
        }

        return isCounter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    private static string Sanitize(string name, SearchValues<char> allowed)
    {
        if (name.Length > 0 && name.AsSpan().IndexOfAnyExcept(allowed) < 0 && !char.IsAsciiDigit(name[0]))
        {
            return name;
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!allowed.Contains(chars[i]))
            {
                chars[i] = '_';
            }
        }

        var sanitized = new string(chars);
        return sanitized.Length == 0 || char.IsAsciiDigit(sanitized[0]) ? "_" + sanitized : sanitized;
    }
}
