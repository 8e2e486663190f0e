using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>Hands each collected batch to the scrape in progress; it only runs when a scrape calls Collect.</summary>
[ExportModes(ExportModes.Pull)]
internal sealed class PullMetricExporter : BaseExporter<Metric>
{
    public Func<Batch<Metric>, ExportResult>? OnExport { get; set; }

    public override ExportResult Export(in Batch<Metric> batch) => OnExport?.Invoke(batch) ?? ExportResult.Failure;
}
