using AutoTrader.Observability.Configuration;

namespace AutoTrader.Observability.Metrics;

/// <summary>
/// The record helpers of the guide (<c>record_*</c>, <c>set_*</c>, <c>ActiveRequestTracker</c>) over
/// the catalog's instruments. Recording allocates nothing.
/// </summary>
/// <remarks>
/// An instance (a singleton in DI) rather than static functions: its instruments live on the
/// registry's meter, whose lifetime and buckets come from the configuration the host loaded, and
/// a test can create its own without sharing state with others.
/// </remarks>
public sealed class AutoTraderMetrics
{
    private static readonly string[] StatusCodes = CreateStatusCodes();

    private readonly CatalogCounter<TokenStatusLabels> scanRequests;
    private readonly CatalogHistogram<TokenStatusLabels> scanDuration;
    private readonly CatalogCounter<TokenErrorLabels> scanErrors;
    private readonly CatalogHistogram<TokenLabels> gemScore;
    private readonly CatalogHistogram<TokenLabels> confidenceScore;
    private readonly CatalogCounter<TokenFlagLabels> flaggedTokens;
    private readonly CatalogCounter<SourceStatusLabels> dataSourceRequests;
    private readonly CatalogHistogram<SourceLabels> dataSourceLatency;
    private readonly CatalogCounter<SourceErrorLabels> dataSourceErrors;
    private readonly CatalogCounter<SourceLabels> cacheHits;
    private readonly CatalogCounter<SourceLabels> cacheMisses;
    private readonly CatalogGauge<SourceLabels> circuitBreakerState;
    private readonly CatalogCounter<SourceLabels> circuitBreakerTrips;
    private readonly CatalogCounter<SourceLabels> circuitBreakerRecoveries;
    private readonly CatalogCounter<RouteStatusLabels> apiRequests;
    private readonly CatalogHistogram<RouteLabels> apiDuration;
    private readonly CatalogCounter<RouteErrorLabels> apiErrors;
    private readonly CatalogUpDownGauge<RouteLabels> activeApiRequests;
    private readonly CatalogCounter<ModelStatusLabels> llmRequests;
    private readonly CatalogHistogram<ModelLabels> llmLatency;
    private readonly CatalogCounter<ModelTokenLabels> llmTokens;
    private readonly CatalogCounter<ModelLabels> llmCost;

    /// <summary>Defines the catalog's families on <paramref name="registry"/>.</summary>
    /// <param name="registry">The registry (and meter) to define them on.</param>
    /// <param name="buckets">Histogram buckets; FACTS.md defaults where unset.</param>
    public AutoTraderMetrics(MetricRegistry registry, HistogramBucketOptions buckets)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(buckets);

        Registry = registry;
        scanRequests = new(registry, MetricCatalog.ScanRequests);
        scanDuration = new(registry, MetricCatalog.ScanDuration, buckets);
        scanErrors = new(registry, MetricCatalog.ScanErrors);
        gemScore = new(registry, MetricCatalog.GemScore, buckets);
        confidenceScore = new(registry, MetricCatalog.ConfidenceScore, buckets);
        flaggedTokens = new(registry, MetricCatalog.FlaggedTokens);
        dataSourceRequests = new(registry, MetricCatalog.DataSourceRequests);
        dataSourceLatency = new(registry, MetricCatalog.DataSourceLatency, buckets);
        dataSourceErrors = new(registry, MetricCatalog.DataSourceErrors);
        cacheHits = new(registry, MetricCatalog.CacheHits);
        cacheMisses = new(registry, MetricCatalog.CacheMisses);
        circuitBreakerState = new(registry, MetricCatalog.CircuitBreakerStateGauge);
        circuitBreakerTrips = new(registry, MetricCatalog.CircuitBreakerTrips);
        circuitBreakerRecoveries = new(registry, MetricCatalog.CircuitBreakerRecoveries);
        apiRequests = new(registry, MetricCatalog.ApiRequests);
        apiDuration = new(registry, MetricCatalog.ApiDuration, buckets);
        apiErrors = new(registry, MetricCatalog.ApiErrors);
        activeApiRequests = new(registry, MetricCatalog.ActiveApiRequests);
        llmRequests = new(registry, MetricCatalog.LlmRequests);
        llmLatency = new(registry, MetricCatalog.LlmLatency, buckets);
        llmTokens = new(registry, MetricCatalog.LlmTokens);
        llmCost = new(registry, MetricCatalog.LlmCost);
    }

    /// <summary>The registry the families are defined on; modules define their own metrics there.</summary>
    public MetricRegistry Registry { get; }

    /// <summary><c>scan_requests_total{token_symbol, status}</c> + 1.</summary>
    public void RecordScanRequest(string tokenSymbol, string status) => scanRequests.Inc(new(tokenSymbol, status));

    /// <summary>Observes <c>scan_duration_seconds{token_symbol, status}</c>.</summary>
    public void RecordScanDuration(string tokenSymbol, double seconds, string status) => scanDuration.Observe(seconds, new(tokenSymbol, status));

    /// <summary><c>scan_errors_total{token_symbol, error_type}</c> + 1.</summary>
    public void RecordScanError(string tokenSymbol, string errorType) => scanErrors.Inc(new(tokenSymbol, errorType));

    /// <summary>Observes <c>gem_score_distribution{token_symbol}</c> (GemScore is 0-100).</summary>
    public void RecordGemScore(string tokenSymbol, double score) => gemScore.Observe(score, new(tokenSymbol));

    /// <summary>Observes <c>confidence_score_distribution{token_symbol}</c> (confidence is 0-1).</summary>
    public void RecordConfidenceScore(string tokenSymbol, double confidence) => confidenceScore.Observe(confidence, new(tokenSymbol));

    /// <summary><c>flagged_tokens_total{token_symbol, flag_reason}</c> + 1.</summary>
    public void RecordFlaggedToken(string tokenSymbol, string flagReason) => flaggedTokens.Inc(new(tokenSymbol, flagReason));

    /// <summary><c>data_source_requests_total{source, endpoint, status}</c> + 1.</summary>
    public void RecordDataSourceRequest(string source, string endpoint, string status) => dataSourceRequests.Inc(new(source, endpoint, status));

    /// <summary>Observes <c>data_source_latency_seconds{source, endpoint}</c>.</summary>
    public void RecordDataSourceLatency(string source, string endpoint, double seconds) => dataSourceLatency.Observe(seconds, new(source, endpoint));

    /// <summary><c>data_source_errors_total{source, endpoint, error_type}</c> + 1.</summary>
    public void RecordDataSourceError(string source, string endpoint, string errorType) => dataSourceErrors.Inc(new(source, endpoint, errorType));

    /// <summary><c>data_source_cache_hits_total{source, endpoint}</c> + 1.</summary>
    public void RecordCacheHit(string source, string endpoint) => cacheHits.Inc(new(source, endpoint));

    /// <summary><c>data_source_cache_misses_total{source, endpoint}</c> + 1.</summary>
    public void RecordCacheMiss(string source, string endpoint) => cacheMisses.Inc(new(source, endpoint));

    /// <summary>Sets <c>circuit_breaker_state{source, endpoint}</c> to 0 (closed), 1 (open) or 2 (half_open).</summary>
    public void SetCircuitBreakerState(string source, string endpoint, CircuitBreakerState state) =>
        circuitBreakerState.Set((int)state, new(source, endpoint));

    /// <summary><c>circuit_breaker_trips_total{source, endpoint}</c> + 1.</summary>
    public void RecordCircuitBreakerTrip(string source, string endpoint) => circuitBreakerTrips.Inc(new(source, endpoint));

    /// <summary><c>circuit_breaker_recoveries_total{source, endpoint}</c> + 1.</summary>
    public void RecordCircuitBreakerRecovery(string source, string endpoint) => circuitBreakerRecoveries.Inc(new(source, endpoint));

    /// <summary><c>api_requests_total{method, endpoint, status_code}</c> + 1.</summary>
    public void RecordApiRequest(string method, string endpoint, int statusCode) => apiRequests.Inc(new(method, endpoint, StatusCodeLabel(statusCode)));

    /// <summary>Observes <c>api_request_duration_seconds{method, endpoint}</c>.</summary>
    public void RecordApiDuration(string method, string endpoint, double seconds) => apiDuration.Observe(seconds, new(method, endpoint));

    /// <summary><c>api_errors_total{method, endpoint, error_type}</c> + 1.</summary>
    public void RecordApiError(string method, string endpoint, string errorType) => apiErrors.Inc(new(method, endpoint, errorType));

    /// <summary>Raises <c>active_api_requests{method, endpoint}</c> until the returned tracker is disposed.</summary>
    public ActiveRequestTracker TrackActiveRequest(string method, string endpoint) => new(activeApiRequests.SeriesOf(new(method, endpoint)));

    /// <summary>
    /// The API metrics of one method and endpoint with their series resolved once, for a middleware
    /// that keeps one per route: recording through it costs no label-set lookups.
    /// </summary>
    /// <param name="method">The <c>method</c> label.</param>
    /// <param name="endpoint">The <c>endpoint</c> label: a route template, never a raw path.</param>
    public ApiEndpointMetrics ForApiEndpoint(string method, string endpoint) =>
        new(this, method, endpoint, apiRequests, apiDuration, activeApiRequests);

    /// <summary>
    /// The data source metrics of one source and endpoint with their series bound once, for a
    /// source client that keeps them: recording through them costs no label-set lookups.
    /// </summary>
    /// <param name="source">The <c>source</c> label.</param>
    /// <param name="endpoint">The <c>endpoint</c> label.</param>
    public DataSourceMetrics ForDataSource(string source, string endpoint) =>
        new(this, source, endpoint, dataSourceRequests, dataSourceLatency, cacheHits, cacheMisses);

    /// <summary>The <c>status_code</c> label of a status code.</summary>
    internal static string StatusCodeLabel(int statusCode) =>
        (uint)statusCode < StatusCodes.Length ? StatusCodes[statusCode] : statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><c>llm_requests_total{provider, model, status}</c> + 1.</summary>
    public void RecordLlmRequest(string provider, string model, string status) => llmRequests.Inc(new(provider, model, status));

    /// <summary>Observes <c>llm_latency_seconds{provider, model}</c>.</summary>
    public void RecordLlmLatency(string provider, string model, double seconds) => llmLatency.Observe(seconds, new(provider, model));

    /// <summary>Adds <paramref name="count"/> to <c>llm_tokens_used_total{provider, model, token_type}</c> (token_type: input, output).</summary>
    public void RecordLlmTokens(string provider, string model, string tokenType, long count) => llmTokens.Add(count, new(provider, model, tokenType));

    /// <summary>Adds <paramref name="usd"/> to <c>llm_cost_usd_total{provider, model}</c>.</summary>
    public void RecordLlmCost(string provider, string model, double usd) => llmCost.Add(usd, new(provider, model));

    // Formatting a status code for its label would allocate on every request; the valid range is cached once.
    private static string[] CreateStatusCodes()
    {
        var codes = new string[600];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return codes;
    }
}
