using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>Hands each collected batch to the scrape in progress.</summary>
/// <remarks>
/// Declared as a push exporter on a reader without a timer: the SDK lets only its own Prometheus
/// exporter collect in pull mode, so a scrape calls <c>Collect</c> itself and the batch arrives
/// here on the same thread. A collection not started by a scrape (shutdown, force flush) has no
/// <see cref="OnExport"/> target and is ignored.
/// </remarks>
internal sealed class PullMetricExporter : BaseExporter<Metric>
{
    public Func<Batch<Metric>, ExportResult>? OnExport { get; set; }

    public override ExportResult Export(in Batch<Metric> batch) => OnExport?.Invoke(batch) ?? ExportResult.Success;
}
