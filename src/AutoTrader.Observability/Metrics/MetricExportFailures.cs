namespace AutoTrader.Observability.Metrics;

/// <summary>
/// Metric points in exports the OTLP metric exporter returned <c>ExportResult.Failure</c> for (the
/// endpoint answered an error, refused the connection or timed out). One per host, read by
/// <c>telemetry_dropped_total{signal="metrics",reason="export_failed"}</c>.
/// </summary>
internal sealed class MetricExportFailures
{
    private long _points;

    /// <summary>Points lost so far.</summary>
    public long Points => Interlocked.Read(ref _points);

    /// <summary>Counts the points of an export that failed.</summary>
    public void Add(long points)
    {
        Interlocked.Add(ref _points, points);
        ObservabilityEventSource.Log.ExportFailed("metrics", points);
    }
}
