using OpenTelemetry;
using OpenTelemetry.Logs;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// Hands each batch to the OTLP log exporter and reports how it went to <see cref="OtlpLogExport"/>:
/// the batch has left the queue, and its records are lost when the export failed.
/// </summary>
/// <remarks>
/// A wrapper, because the SDK's OTLP log exporter is sealed (the span and metric exporters are
/// subclassed instead). The wrapped exporter does not export records the SDK hands it: only this
/// one's processor gets records.
/// </remarks>
internal sealed class CountingLogExporter(BaseExporter<LogRecord> otlp, Action<long, bool> exported) : BaseExporter<LogRecord>
{
    public override ExportResult Export(in Batch<LogRecord> batch)
    {
        var result = ExportResult.Failure;
        try
        {
            result = otlp.Export(batch);
        }
        finally
        {
            exported(batch.Count, result == ExportResult.Success);
        }

        return result;
    }
}

/// <summary>
/// Holds the OTLP log exporter in the logger provider, and does nothing else with the records it
/// sees. The SDK gives the provider, and with it the service resource the exporter sends, only to
/// the exporter of a processor it holds; <see cref="CountingLogExporter"/> calls that exporter.
/// Added after the batch processor, so that at shutdown the last batch is sent before the
/// exporter is shut down.
/// </summary>
internal sealed class ExporterHolder(BaseExporter<LogRecord> exporter) : BaseExportProcessor<LogRecord>(exporter)
{
    protected override void OnExport(LogRecord data)
    {
    }
}
