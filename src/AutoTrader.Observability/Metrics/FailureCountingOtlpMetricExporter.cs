using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Metrics;

/// <summary>The OTLP metric exporter, counting the points of every export it fails to send.</summary>
/// <remarks>
/// A subclass, as the span exporter is (<c>FailureCountingOtlpExporter</c>): the exporter takes the
/// service resource from the provider its reader gives it.
/// </remarks>
internal sealed class FailureCountingOtlpMetricExporter(OtlpExporterOptions options, MetricExportFailures failures) : OtlpMetricExporter(options)
{
    public override ExportResult Export(in Batch<Metric> metrics)
    {
        var result = base.Export(metrics);
        if (result == ExportResult.Failure)
        {
            long points = 0;
            foreach (var metric in metrics)
            {
                foreach (ref readonly var _ in metric.GetMetricPoints())
                {
                    points++;
                }
            }

            failures.Add(points);
        }

        return result;
    }
}
