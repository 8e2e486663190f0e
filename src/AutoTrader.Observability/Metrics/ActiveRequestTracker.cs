namespace AutoTrader.Observability.Metrics;

/// <summary>
/// Counts one request in <c>active_api_requests</c> from creation until <see cref="Dispose"/>; use it
/// with <c>using</c> so that the count goes down even when the work throws.
/// </summary>
/// <remarks>A struct so that tracking allocates nothing; dispose it exactly once.</remarks>
public readonly struct ActiveRequestTracker : IDisposable
{
    private readonly LabeledUpDownCounter? gauge;
    private readonly string method;
    private readonly string endpoint;

    internal ActiveRequestTracker(LabeledUpDownCounter gauge, string method, string endpoint)
    {
        this.gauge = gauge;
        this.method = method;
        this.endpoint = endpoint;
        gauge.Add(1, method, endpoint);
    }

    /// <summary>Ends the request: <c>active_api_requests</c> goes back down by one.</summary>
    public void Dispose() => gauge?.Add(-1, method, endpoint);
}
