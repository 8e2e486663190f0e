namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>The text formats the scrape endpoint can answer in.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4 (<c>text/plain; version=0.0.4</c>), the default.</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0.0 (<c>application/openmetrics-text; version=1.0.0</c>).</summary>
    OpenMetrics,
}

/// <summary>Content types and negotiation of <see cref="ExpositionFormat"/>.</summary>
public static class ExpositionFormats
{
    /// <summary>Content type of <see cref="ExpositionFormat.PrometheusText"/>.</summary>
    public const string PrometheusTextContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Content type of <see cref="ExpositionFormat.OpenMetrics"/>.</summary>
    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /// <summary>The content type a response in <paramref name="format"/> carries.</summary>
    public static string ContentType(ExpositionFormat format) =>
        format == ExpositionFormat.OpenMetrics ? OpenMetricsContentType : PrometheusTextContentType;

    /// <summary>
    /// OpenMetrics when the Accept header lists <c>application/openmetrics-text</c> (version 1.0.0 or
    /// none) with a higher quality than the text format; otherwise the Prometheus text format.
    /// </summary>
    public static ExpositionFormat Negotiate(string? accept)
    {
        if (string.IsNullOrEmpty(accept))
        {
            return ExpositionFormat.PrometheusText;
        }

        double openMetrics = -1, text = -1;
        foreach (var range in accept.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = range.Split(';', StringSplitOptions.TrimEntries);
            var quality = 1.0;
            string? version = null;
            foreach (var parameter in parts.Skip(1))
            {
                var pair = parameter.Split('=', 2, StringSplitOptions.TrimEntries);
                if (pair.Length != 2)
                {
                    continue;
                }

                if (pair[0].Equals("q", StringComparison.OrdinalIgnoreCase)
                    && double.TryParse(pair[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var q))
                {
                    quality = q;
                }
                else if (pair[0].Equals("version", StringComparison.OrdinalIgnoreCase))
                {
                    version = pair[1];
                }
            }

            if (parts[0].Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase) && version is null or "1.0.0")
            {
                openMetrics = Math.Max(openMetrics, quality);
            }
            else if (parts[0].Equals("text/plain", StringComparison.OrdinalIgnoreCase) || parts[0] == "*/*")
            {
                text = Math.Max(text, quality);
            }
        }

        return openMetrics > 0 && openMetrics >= text ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText;
    }
}
