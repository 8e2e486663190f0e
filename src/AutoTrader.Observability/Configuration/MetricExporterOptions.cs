using Microsoft.Extensions.Configuration;

namespace AutoTrader.Observability.Configuration;

/// <summary>The <c>observability.metrics.exporters</c> section: where metrics are pushed besides the scrape endpoint.</summary>
public sealed class MetricExportersOptions
{
    /// <summary>Metrics pushed over OTLP (<c>OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_METRICS_ENDPOINT</c>).</summary>
    [ConfigurationKeyName("otlp")]
    public MetricExporterOptions Otlp { get; set; } = new() { Endpoint = "http://localhost:4317" };
}

/// <summary>An OTLP metric exporter: an endpoint exporter that pushes every interval.</summary>
public sealed class MetricExporterOptions : EndpointExporterOptions
{
    /// <summary>The values <see cref="Temporality"/> accepts.</summary>
    public static readonly IReadOnlyList<string> Temporalities = ["cumulative", "delta"];

    /// <summary>Seconds between two pushes. Default value: <c>60</c>.</summary>
    [ConfigurationKeyName("interval_seconds")]
    public double IntervalSeconds { get; set; } = 60;

    /// <summary>
    /// <c>cumulative</c> (every push carries the totals since start, as <c>/metrics</c> does) or
    /// <c>delta</c> (what changed since the last push). Default value: <c>cumulative</c>.
    /// </summary>
    [ConfigurationKeyName("temporality")]
    public string Temporality { get; set; } = "cumulative";
}
