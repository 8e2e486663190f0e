namespace AutoTrader.Observability.Metrics;

/// <summary>The Prometheus type a metric family is exposed as.</summary>
public enum MetricKind
{
    /// <summary>A monotonic counter; its name ends in <c>_total</c>.</summary>
    Counter,

    /// <summary>A value that goes up and down.</summary>
    Gauge,

    /// <summary>A histogram with explicit buckets (<c>_bucket</c>, <c>_sum</c>, <c>_count</c>).</summary>
    Histogram,
}
