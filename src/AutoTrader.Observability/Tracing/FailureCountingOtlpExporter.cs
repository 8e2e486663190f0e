using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;

namespace AutoTrader.Observability.Tracing;

/// <summary>The OTLP exporter, counting the spans of every batch it fails to send.</summary>
/// <remarks>
/// A subclass rather than a decorator: the OTLP exporter takes the service resource from its
/// parent provider, which the SDK sets (internally) only on the exporter its processor holds, so a
/// wrapped exporter would send spans without <c>service.name</c>.
/// </remarks>
internal sealed class FailureCountingOtlpExporter(OtlpExporterOptions options, SpanExportFailures failures) : OtlpTraceExporter(options)
{
    public override ExportResult Export(in Batch<Activity> activityBatch)
    {
        var result = base.Export(activityBatch);
        if (result == ExportResult.Failure)
        {
            failures.Add(activityBatch.Count);
        }

        return result;
    }
}
