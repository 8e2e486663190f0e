namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>The formats the scrape endpoint can answer in.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4 (<c>text/plain; version=0.0.4</c>), the default.</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0.0 (<c>application/openmetrics-text; version=1.0.0</c>).</summary>
    OpenMetrics,

    /// <summary>
    /// Prometheus's protobuf exposition: length-delimited <c>io.prometheus.client.MetricFamily</c>
    /// messages, which Prometheus asks for first when its native histograms are on.
    /// </summary>
    Protobuf,
}

/// <summary>Content types and negotiation of <see cref="ExpositionFormat"/>.</summary>
public static class ExpositionFormats
{
    /// <summary>Content type of <see cref="ExpositionFormat.PrometheusText"/>.</summary>
    public const string PrometheusTextContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Content type of <see cref="ExpositionFormat.OpenMetrics"/>.</summary>
    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /// <summary>Content type of <see cref="ExpositionFormat.Protobuf"/>.</summary>
    public const string ProtobufContentType = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

    /// <summary>The content type a response in <paramref name="format"/> carries.</summary>
    public static string ContentType(ExpositionFormat format) => format switch
    {
        ExpositionFormat.OpenMetrics => OpenMetricsContentType,
        ExpositionFormat.Protobuf => ProtobufContentType,
        _ => PrometheusTextContentType,
    };

    /// <summary>
    /// The format the Accept header ranks highest of: the protobuf exposition
    /// (<c>application/vnd.google.protobuf</c> with <c>proto=io.prometheus.client.MetricFamily</c> and
    /// <c>encoding=delimited</c>), OpenMetrics (<c>application/openmetrics-text</c>, version 1.0.0 or
    /// none) and the Prometheus text format (also <c>*/*</c>, and the answer to no header or a tie).
    /// </summary>
    public static ExpositionFormat Negotiate(string? accept)
    {
        if (string.IsNullOrEmpty(accept))
        {
            return ExpositionFormat.PrometheusText;
        }

        double protobuf = -1, openMetrics = -1, text = -1;
        foreach (var range in accept.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = range.Split(';', StringSplitOptions.TrimEntries);
            var quality = 1.0;
            string? version = null, proto = null, encoding = null;
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
                else if (pair[0].Equals("proto", StringComparison.OrdinalIgnoreCase))
                {
                    proto = pair[1];
                }
                else if (pair[0].Equals("encoding", StringComparison.OrdinalIgnoreCase))
                {
                    encoding = pair[1];
                }
            }

            if (parts[0].Equals("application/vnd.google.protobuf", StringComparison.OrdinalIgnoreCase)
                && proto == "io.prometheus.client.MetricFamily" && encoding == "delimited")
            {
                protobuf = Math.Max(protobuf, quality);
            }
            else if (parts[0].Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase) && version is null or "1.0.0")
            {
                openMetrics = Math.Max(openMetrics, quality);
            }
            else if (parts[0].Equals("text/plain", StringComparison.OrdinalIgnoreCase) || parts[0] == "*/*")
            {
                text = Math.Max(text, quality);
            }
        }

        if (protobuf > 0 && protobuf >= openMetrics && protobuf >= text)
        {
            return ExpositionFormat.Protobuf;
        }

        return openMetrics > 0 && openMetrics >= text ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText;
    }
}
