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

    private readonly LabeledCounter scanRequests;
    private readonly LabeledHistogram scanDuration;
    private readonly LabeledCounter scanErrors;
    private readonly LabeledHistogram gemScore;
    private readonly LabeledHistogram confidenceScore;
    private readonly LabeledCounter flaggedTokens;
    private readonly LabeledCounter dataSourceRequests;
    private readonly LabeledHistogram dataSourceLatency;
    private readonly LabeledCounter dataSourceErrors;
    private readonly LabeledCounter cacheHits;
    private readonly LabeledCounter cacheMisses;
    private readonly LabeledGauge circuitBreakerState;
    private readonly LabeledCounter circuitBreakerTrips;
    private readonly LabeledCounter circuitBreakerRecoveries;
    private readonly LabeledCounter apiRequests;
    private readonly LabeledHistogram apiDuration;
    private readonly LabeledCounter apiErrors;
    private readonly LabeledUpDownCounter activeApiRequests;
    private readonly LabeledCounter llmRequests;
    private readonly LabeledHistogram llmLatency;
    private readonly LabeledCounter llmTokens;
    private readonly LabeledCounter llmCost;

    /// <summary>Defines the catalog's families on <paramref name="registry"/>.</summary>
    /// <param name="registry">The registry (and meter) to define them on.</param>
    /// <param name="buckets">Histogram buckets; FACTS.md defaults where unset.</param>
    public AutoTraderMetrics(MetricRegistry registry, HistogramBucketOptions buckets)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var families = MetricCatalog.Families(buckets).ToDictionary(f => f.Name, StringComparer.Ordinal);
        LabeledCounter Counter(string name) => registry.Counter(name, families[name].Help, families[name].LabelNames);
        LabeledHistogram Histogram(string name) => registry.Histogram(name, families[name].Help, families[name].LabelNames, families[name].Buckets);

        Registry = registry;
        scanRequests = Counter("scan_requests_total");
        scanDuration = Histogram("scan_duration_seconds");
        scanErrors = Counter("scan_errors_total");
        gemScore = Histogram("gem_score_distribution");
        confidenceScore = Histogram("confidence_score_distribution");
        flaggedTokens = Counter("flagged_tokens_total");
        dataSourceRequests = Counter("data_source_requests_total");
        dataSourceLatency = Histogram("data_source_latency_seconds");
        dataSourceErrors = Counter("data_source_errors_total");
        cacheHits = Counter("data_source_cache_hits_total");
        cacheMisses = Counter("data_source_cache_misses_total");
        circuitBreakerState = registry.Gauge("circuit_breaker_state", families["circuit_breaker_state"].Help, families["circuit_breaker_state"].LabelNames);
        circuitBreakerTrips = Counter("circuit_breaker_trips_total");
        circuitBreakerRecoveries = Counter("circuit_breaker_recoveries_total");
        apiRequests = Counter("api_requests_total");
        apiDuration = Histogram("api_request_duration_seconds");
        apiErrors = Counter("api_errors_total");
        activeApiRequests = registry.UpDownGauge("active_api_requests", families["active_api_requests"].Help, families["active_api_requests"].LabelNames);
        llmRequests = Counter("llm_requests_total");
        llmLatency = Histogram("llm_latency_seconds");
        llmTokens = Counter("llm_tokens_used_total");
        llmCost = Counter("llm_cost_usd_total");
    }

    /// <summary>The registry the families are defined on; modules define their own metrics there.</summary>
    public MetricRegistry Registry { get; }

    /// <summary><c>scan_requests_total{token_symbol, status}</c> + 1.</summary>
    public void RecordScanRequest(string tokenSymbol, string status) => scanRequests.Inc(tokenSymbol, status);

    /// <summary>Observes <c>scan_duration_seconds{token_symbol, status}</c>.</summary>
    public void RecordScanDuration(string tokenSymbol, double seconds, string status) => scanDuration.Observe(seconds, tokenSymbol, status);

    /// <summary><c>scan_errors_total{token_symbol, error_type}</c> + 1.</summary>
    public void RecordScanError(string tokenSymbol, string errorType) => scanErrors.Inc(tokenSymbol, errorType);

    /// <summary>Observes <c>gem_score_distribution{token_symbol}</c> (GemScore is 0-100).</summary>
    public void RecordGemScore(string tokenSymbol, double score) => gemScore.Observe(score, tokenSymbol);

    /// <summary>Observes <c>confidence_score_distribution{token_symbol}</c> (confidence is 0-1).</summary>
    public void RecordConfidenceScore(string tokenSymbol, double confidence) => confidenceScore.Observe(confidence, tokenSymbol);

    /// <summary><c>flagged_tokens_total{token_symbol, flag_reason}</c> + 1.</summary>
    public void RecordFlaggedToken(string tokenSymbol, string flagReason) => flaggedTokens.Inc(tokenSymbol, flagReason);

    /// <summary><c>data_source_requests_total{source, endpoint, status}</c> + 1.</summary>
    public void RecordDataSourceRequest(string source, string endpoint, string status) => dataSourceRequests.Inc(source, endpoint, status);

    /// <summary>Observes <c>data_source_latency_seconds{source, endpoint}</c>.</summary>
    public void RecordDataSourceLatency(string source, string endpoint, double seconds) => dataSourceLatency.Observe(seconds, source, endpoint);

    /// <summary><c>data_source_errors_total{source, endpoint, error_type}</c> + 1.</summary>
    public void RecordDataSourceError(string source, string endpoint, string errorType) => dataSourceErrors.Inc(source, endpoint, errorType);

    /// <summary><c>data_source_cache_hits_total{source, endpoint}</c> + 1.</summary>
    public void RecordCacheHit(string source, string endpoint) => cacheHits.Inc(source, endpoint);

    /// <summary><c>data_source_cache_misses_total{source, endpoint}</c> + 1.</summary>
    public void RecordCacheMiss(string source, string endpoint) => cacheMisses.Inc(source, endpoint);

    /// <summary>Sets <c>circuit_breaker_state{source, endpoint}</c> to 0 (closed), 1 (open) or 2 (half_open).</summary>
    public void SetCircuitBreakerState(string source, string endpoint, CircuitBreakerState state) =>
        circuitBreakerState.Set((int)state, source, endpoint);

    /// <summary><c>circuit_breaker_trips_total{source, endpoint}</c> + 1.</summary>
    public void RecordCircuitBreakerTrip(string source, string endpoint) => circuitBreakerTrips.Inc(source, endpoint);

    /// <summary><c>circuit_breaker_recoveries_total{source, endpoint}</c> + 1.</summary>
    public void RecordCircuitBreakerRecovery(string source, string endpoint) => circuitBreakerRecoveries.Inc(source, endpoint);

    /// <summary><c>api_requests_total{method, endpoint, status_code}</c> + 1.</summary>
    public void RecordApiRequest(string method, string endpoint, int statusCode) => apiRequests.Inc(method, endpoint, StatusCodeLabel(statusCode));

    /// <summary>Observes <c>api_request_duration_seconds{method, endpoint}</c>.</summary>
    public void RecordApiDuration(string method, string endpoint, double seconds) => apiDuration.Observe(seconds, method, endpoint);

    /// <summary><c>api_errors_total{method, endpoint, error_type}</c> + 1.</summary>
    public void RecordApiError(string method, string endpoint, string errorType) => apiErrors.Inc(method, endpoint, errorType);

    /// <summary>Raises <c>active_api_requests{method, endpoint}</c> until the returned tracker is disposed.</summary>
    public ActiveRequestTracker TrackActiveRequest(string method, string endpoint) => new(activeApiRequests, method, endpoint);

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
    public void RecordLlmRequest(string provider, string model, string status) => llmRequests.Inc(provider, model, status);

    /// <summary>Observes <c>llm_latency_seconds{provider, model}</c>.</summary>
    public void RecordLlmLatency(string provider, string model, double seconds) => llmLatency.Observe(seconds, provider, model);

    /// <summary>Adds <paramref name="count"/> to <c>llm_tokens_used_total{provider, model, token_type}</c> (token_type: input, output).</summary>
    public void RecordLlmTokens(string provider, string model, string tokenType, long count) => llmTokens.Add(count, provider, model, tokenType);

    /// <summary>Adds <paramref name="usd"/> to <c>llm_cost_usd_total{provider, model}</c>.</summary>
    public void RecordLlmCost(string provider, string model, double usd) => llmCost.Add(usd, provider, model);

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
