using AutoTrader.Observability.Configuration;
using OpenTelemetry.Exporter;

namespace AutoTrader.Observability.Otlp;

/// <summary>
/// What every OTLP exporter of the three signals is built from, in one place: the endpoint, the
/// transport, the headers and the timeout of <see cref="OtlpExporterOptions"/>, and the batch
/// sizes of the signal's export processor.
/// </summary>
internal static class OtlpExport
{
    /// <summary>
    /// The SDK's options for one exporter. They start, as <c>AddOtlpExporter</c>'s do, from the
    /// SDK's reading of the <c>OTEL_EXPORTER_OTLP_*</c> variables (certificates and compression
    /// stay with it); endpoint, protocol, headers and timeout are set from the configuration, which
    /// has read the variables it maps with its own precedence.
    /// </summary>
    public static OtlpExporterOptions Options(EndpointExporterOptions exporter, OtlpSignal signal, PerformanceOptions performance)
    {
        var endpoint = new Uri(exporter.Endpoint);
        var protocol = OtlpEndpoints.Protocol(exporter, endpoint, signal);
        return new OtlpExporterOptions
        {
            Endpoint = exporter.EndpointIsSignalUrl ? endpoint : OtlpEndpoints.Target(endpoint, protocol, signal),
            Protocol = protocol,
            Headers = OtlpHeaders.Format(exporter.Headers),
            TimeoutMilliseconds = TimeoutMilliseconds(performance),
        };
    }

    /// <summary>Longest an export may take: <c>performance.export_timeout_seconds</c>.</summary>
    public static int TimeoutMilliseconds(PerformanceOptions performance) => Milliseconds(performance.ExportTimeoutSeconds);

    /// <summary>The batch processor sizes of spans or log records (metrics are read on an interval instead).</summary>
    public static OtlpBatch Batch(OtlpSignal signal, PerformanceOptions performance) => signal == OtlpSignal.Logs
        ? new(performance.LogMaxQueueSize, performance.LogBatchSize, Milliseconds(performance.LogExportDelaySeconds), TimeoutMilliseconds(performance))
        : new(performance.SpanMaxQueueSize, performance.SpanBatchSize, Milliseconds(performance.SpanExportDelaySeconds), TimeoutMilliseconds(performance));

    private static int Milliseconds(double seconds) => (int)Math.Min(int.MaxValue, seconds * 1000);
}

/// <summary>How a batch export processor queues and sends.</summary>
/// <param name="MaxQueueSize">Most items waiting; past it new ones are dropped and counted.</param>
/// <param name="MaxBatchSize">Most items in one export.</param>
/// <param name="DelayMilliseconds">Time between two scheduled exports.</param>
/// <param name="TimeoutMilliseconds">Longest one export may take.</param>
internal readonly record struct OtlpBatch(int MaxQueueSize, int MaxBatchSize, int DelayMilliseconds, int TimeoutMilliseconds);
