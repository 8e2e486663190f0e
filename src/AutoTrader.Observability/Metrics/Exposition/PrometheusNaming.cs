using System.Buffers;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>
/// Turns OpenTelemetry instrument and attribute names into Prometheus names: invalid characters
/// become <c>_</c>; names that are already valid (every catalog and module name) pass unchanged.
/// </summary>
internal static class PrometheusNaming
{
    private static readonly SearchValues<char> NameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:");
    private static readonly SearchValues<char> LabelChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    public static string LabelName(string key) => Sanitize(key, LabelChars);

    /// <summary>
    /// The family name of an instrument. An instrument named the Prometheus way is kept as is; one
    /// named the OpenTelemetry way (e.g. <c>dotnet.gc.collections</c>) gets its unit as a suffix and,
    /// for a counter, <c>_total</c>, as the OpenTelemetry-to-Prometheus mapping says.
    /// </summary>
    public static string FamilyName(string instrumentName, string? unit, bool isCounter)
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
