namespace AutoTrader.Observability.Metrics;

/// <summary>
/// Counts one request in <c>active_api_requests</c> from creation until <see cref="Dispose"/>; use it
/// with <c>using</c> so that the count goes down even when the work throws.
/// </summary>
/// <remarks>
/// A struct so that tracking allocates nothing; it holds its series, so that going down costs no
/// second lookup. Dispose it exactly once.
/// </remarks>
public readonly struct ActiveRequestTracker : IDisposable
{
    private readonly LabeledUpDownGauge.Series? series;

    internal ActiveRequestTracker(LabeledUpDownGauge.Series? series)
    {
        this.series = series;
        if (series is not null)
        {
            Interlocked.Increment(ref series.Value);
        }
    }

    /// <summary>Ends the request: <c>active_api_requests</c> goes back down by one.</summary>
    public void Dispose()
    {
        if (series is not null)
        {
            Interlocked.Decrement(ref series.Value);
        }
    }
}
