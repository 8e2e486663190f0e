namespace AutoTrader.Observability.Tracing;

/// <summary>
/// Spans in batches that an exporter returned <c>ExportResult.Failure</c> for (the OTLP endpoint
/// answered an error, refused the connection or timed out; standard error was closed), which the
/// SDK counts as processed without an error. One per host, shared by its exporters and read by
/// <c>telemetry_dropped_total{signal="traces",reason="export_failed"}</c>.
/// </summary>
internal sealed class SpanExportFailures
{
    private long _spans;

    /// <summary>Spans lost so far.</summary>
    public long Spans => Interlocked.Read(ref _spans);

    /// <summary>Counts the spans of a batch the exporter failed to send.</summary>
    public void Add(long spans)
    {
        Interlocked.Add(ref _spans, spans);
        ObservabilityEventSource.Log.ExportFailed("traces", spans);
    }
}
