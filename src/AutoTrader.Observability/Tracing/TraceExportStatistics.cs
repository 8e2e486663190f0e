using System.Diagnostics.Metrics;

namespace AutoTrader.Observability.Tracing;

/// <summary>
/// Counts spans the export pipeline had to drop: a full queue while the OTLP endpoint is down or
/// slow, or spans ended after shutdown.
/// </summary>
/// <remarks>
/// The SDK's batch processor keeps its own drop count internal but reports every processed span on
/// its <c>otel.sdk.processor.span.processed</c> counter, with <c>error.type</c> set when the span
/// was dropped; this listens to that counter. Process-wide: it adds up every tracer provider.
/// The metrics pipeline exposes the same counter as <c>otel_sdk_processor_span_processed_total</c>,
/// and this count as <c>telemetry_dropped_total{signal="traces",reason="queue_full"}</c>.
/// </remarks>
internal static class TraceExportStatistics
{
    /// <summary>The meter of the OpenTelemetry SDK's own instruments.</summary>
    public const string SdkMeterName = "otel.sdk.experimental";

    private const string ProcessedSpans = "otel.sdk.processor.span.processed";
    private const string ErrorType = "error.type";

    private static readonly MeterListener Listener = Start();
    private static long s_dropped;

    /// <summary>Spans dropped since the process started.</summary>
    public static long DroppedSpans => Interlocked.Read(ref s_dropped);

    /// <summary>Starts listening; called when a tracer provider is built.</summary>
    internal static void EnsureListening() => GC.KeepAlive(Listener);

    private static MeterListener Start()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = static (instrument, l) =>
            {
                if (instrument is { Name: ProcessedSpans, Meter.Name: SdkMeterName })
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>(static (_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == ErrorType)
                {
                    Interlocked.Add(ref s_dropped, value);
                    ObservabilityEventSource.Log.TelemetryDropped("traces", "queue_full", value);
                    return;
                }
            }
        });
        listener.Start();
        return listener;
    }
}
