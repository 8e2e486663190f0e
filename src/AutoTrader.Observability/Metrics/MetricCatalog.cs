using AutoTrader.Observability.Configuration;

namespace AutoTrader.Observability.Metrics;

/// <summary>
/// Every metric family of the guide (scanner, data source, circuit breaker, API, LLM) with its
/// exact name, type, label names and HELP text; histogram buckets come from configuration.
/// </summary>
public static class MetricCatalog
{
    /// <summary>Counts the measurements the cardinality guard folded into an overflow series.</summary>
    public static readonly MetricDefinition CardinalityOverflow = new(
        "metric_cardinality_overflow_total", MetricKind.Counter,
        "Measurements folded into a metric's overflow series because the metric reached its cardinality limit",
        ["metric"], []);

    /// <summary>Counts telemetry lost on its way out: log lines and spans, by why they were lost (<see cref="TelemetryLoss"/>).</summary>
    public static readonly MetricDefinition TelemetryDropped = new(
        "telemetry_dropped_total", MetricKind.Counter,
        "Telemetry lost before reaching its destination, by signal and reason",
        ["signal", "reason"], []);

    internal static readonly CatalogMetric<TokenStatusLabels> ScanRequests = Counter<TokenStatusLabels>("scan_requests_total", "Total scan requests");
    internal static readonly CatalogMetric<TokenStatusLabels> ScanDuration = Histogram<TokenStatusLabels>("scan_duration_seconds", "Scan duration in seconds", b => b.ScanDuration ?? HistogramBucketOptions.DefaultScanDuration);
    internal static readonly CatalogMetric<TokenErrorLabels> ScanErrors = Counter<TokenErrorLabels>("scan_errors_total", "Total scan errors");
    internal static readonly CatalogMetric<TokenLabels> GemScore = Histogram<TokenLabels>("gem_score_distribution", "GemScore distribution (0-100)", b => b.GemScore ?? HistogramBucketOptions.DefaultGemScore);
    internal static readonly CatalogMetric<TokenLabels> ConfidenceScore = Histogram<TokenLabels>("confidence_score_distribution", "Confidence score distribution (0-1)", b => b.Confidence ?? HistogramBucketOptions.DefaultConfidence);
    internal static readonly CatalogMetric<TokenFlagLabels> FlaggedTokens = Counter<TokenFlagLabels>("flagged_tokens_total", "Total flagged tokens");

    internal static readonly CatalogMetric<SourceStatusLabels> DataSourceRequests = Counter<SourceStatusLabels>("data_source_requests_total", "Total data source requests");
    internal static readonly CatalogMetric<SourceLabels> DataSourceLatency = Histogram<SourceLabels>("data_source_latency_seconds", "Data source request latency in seconds", b => b.DataSourceLatency ?? HistogramBucketOptions.DefaultDataSourceLatency);
    internal static readonly CatalogMetric<SourceErrorLabels> DataSourceErrors = Counter<SourceErrorLabels>("data_source_errors_total", "Total data source errors");
    internal static readonly CatalogMetric<SourceLabels> CacheHits = Counter<SourceLabels>("data_source_cache_hits_total", "Total data source cache hits");
    internal static readonly CatalogMetric<SourceLabels> CacheMisses = Counter<SourceLabels>("data_source_cache_misses_total", "Total data source cache misses");

    internal static readonly CatalogMetric<SourceLabels> CircuitBreakerStateGauge = Gauge<SourceLabels>("circuit_breaker_state", "Circuit breaker state (0=closed, 1=open, 2=half_open)");
    internal static readonly CatalogMetric<SourceLabels> CircuitBreakerTrips = Counter<SourceLabels>("circuit_breaker_trips_total", "Total circuit breaker trips (closed to open)");
    internal static readonly CatalogMetric<SourceLabels> CircuitBreakerRecoveries = Counter<SourceLabels>("circuit_breaker_recoveries_total", "Total circuit breaker recoveries (back to closed)");

    internal static readonly CatalogMetric<RouteStatusLabels> ApiRequests = Counter<RouteStatusLabels>("api_requests_total", "Total API requests");
    internal static readonly CatalogMetric<RouteLabels> ApiDuration = Histogram<RouteLabels>("api_request_duration_seconds", "API request duration in seconds", b => b.ApiLatency ?? HistogramBucketOptions.DefaultApiLatency);
    internal static readonly CatalogMetric<RouteErrorLabels> ApiErrors = Counter<RouteErrorLabels>("api_errors_total", "Total API errors");
    internal static readonly CatalogMetric<RouteLabels> ActiveApiRequests = Gauge<RouteLabels>("active_api_requests", "API requests in progress");

    internal static readonly CatalogMetric<ModelStatusLabels> LlmRequests = Counter<ModelStatusLabels>("llm_requests_total", "Total LLM requests");
    internal static readonly CatalogMetric<ModelLabels> LlmLatency = Histogram<ModelLabels>("llm_latency_seconds", "LLM request latency in seconds", b => b.LlmLatency ?? HistogramBucketOptions.DefaultLlmLatency);
    internal static readonly CatalogMetric<ModelTokenLabels> LlmTokens = Counter<ModelTokenLabels>("llm_tokens_used_total", "Total LLM tokens used");
    internal static readonly CatalogMetric<ModelLabels> LlmCost = Counter<ModelLabels>("llm_cost_usd_total", "Total LLM cost in US dollars");

    /// <summary>The guide's families, with the buckets of <paramref name="buckets"/> (FACTS.md defaults when unset).</summary>
    public static IReadOnlyList<MetricDefinition> Families(HistogramBucketOptions buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        return
        [
            ScanRequests.Definition(buckets),
            ScanDuration.Definition(buckets),
            ScanErrors.Definition(buckets),
            GemScore.Definition(buckets),
            ConfidenceScore.Definition(buckets),
            FlaggedTokens.Definition(buckets),

            DataSourceRequests.Definition(buckets),
            DataSourceLatency.Definition(buckets),
            DataSourceErrors.Definition(buckets),
            CacheHits.Definition(buckets),
            CacheMisses.Definition(buckets),

            CircuitBreakerStateGauge.Definition(buckets),
            CircuitBreakerTrips.Definition(buckets),
            CircuitBreakerRecoveries.Definition(buckets),

            ApiRequests.Definition(buckets),
            ApiDuration.Definition(buckets),
            ApiErrors.Definition(buckets),
            ActiveApiRequests.Definition(buckets),

            LlmRequests.Definition(buckets),
            LlmLatency.Definition(buckets),
            LlmTokens.Definition(buckets),
            LlmCost.Definition(buckets),
        ];
    }

    private static CatalogMetric<TLabels> Counter<TLabels>(string name, string help)
        where TLabels : struct, ILabelTuple => new(name, MetricKind.Counter, help);

    private static CatalogMetric<TLabels> Gauge<TLabels>(string name, string help)
        where TLabels : struct, ILabelTuple => new(name, MetricKind.Gauge, help);

    private static CatalogMetric<TLabels> Histogram<TLabels>(string name, string help, Func<HistogramBucketOptions, IReadOnlyList<double>> buckets)
        where TLabels : struct, ILabelTuple => new(name, MetricKind.Histogram, help, buckets);
}
