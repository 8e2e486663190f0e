namespace AutoTrader.Observability.Metrics;

/// <summary>
/// The data source metrics of one source and endpoint (<c>data_source_cache_hits_total</c>,
/// <c>data_source_cache_misses_total</c>, <c>data_source_requests_total</c>,
/// <c>data_source_latency_seconds</c>) with their series bound once: what a source client keeps,
/// so that a call costs no label-set lookups. Made by <see cref="AutoTraderMetrics.ForDataSource"/>.
/// </summary>
/// <remarks>
/// Requests are bound for the <c>success</c> and <c>failure</c> statuses; another status, and
/// errors (rare, and labeled by their type), go through the labeled helpers.
/// </remarks>
public sealed class DataSourceMetrics
{
    private const string Success = "success";
    private const string Failure = "failure";

    private readonly AutoTraderMetrics metrics;
    private readonly BoundCounter cacheHits;
    private readonly BoundCounter cacheMisses;
    private readonly BoundCounter succeeded;
    private readonly BoundCounter failed;
    private readonly BoundHistogram latency;

    internal DataSourceMetrics(
        AutoTraderMetrics metrics,
        string source,
        string endpoint,
        CatalogCounter<SourceStatusLabels> requests,
        CatalogHistogram<SourceLabels> latency,
        CatalogCounter<SourceLabels> cacheHits,
        CatalogCounter<SourceLabels> cacheMisses)
    {
        this.metrics = metrics;
        Source = source;
        Endpoint = endpoint;
        this.cacheHits = cacheHits.Bind(new(source, endpoint));
        this.cacheMisses = cacheMisses.Bind(new(source, endpoint));
        succeeded = requests.Bind(new(source, endpoint, Success));
        failed = requests.Bind(new(source, endpoint, Failure));
        this.latency = latency.Bind(new(source, endpoint));
    }

    /// <summary>The <c>source</c> label.</summary>
    public string Source { get; }

    /// <summary>The <c>endpoint</c> label.</summary>
    public string Endpoint { get; }

    /// <summary><c>data_source_cache_hits_total</c> + 1.</summary>
    public void RecordCacheHit() => cacheHits.Inc();

    /// <summary><c>data_source_cache_misses_total</c> + 1.</summary>
    public void RecordCacheMiss() => cacheMisses.Inc();

    /// <summary>One finished call: <c>data_source_requests_total{status}</c> + 1 and its latency observed.</summary>
    /// <param name="status">The <c>status</c> label: <c>success</c> or <c>failure</c>.</param>
    /// <param name="seconds">How long the call took.</param>
    public void RecordRequest(string status, double seconds)
    {
        switch (status)
        {
            case Success:
                succeeded.Inc();
                break;
            case Failure:
                failed.Inc();
                break;
            default:
                metrics.RecordDataSourceRequest(Source, Endpoint, status);
                break;
        }

        latency.Observe(seconds);
    }

    /// <summary><c>data_source_errors_total{error_type}</c> + 1.</summary>
    public void RecordError(string errorType) => metrics.RecordDataSourceError(Source, Endpoint, errorType);
}
