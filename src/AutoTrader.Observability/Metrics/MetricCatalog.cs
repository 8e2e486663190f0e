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

    /// <summary>The guide's families, with the buckets of <paramref name="buckets"/> (FACTS.md defaults when unset).</summary>
    public static IReadOnlyList<MetricDefinition> Families(HistogramBucketOptions buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        return
        [
            Counter("scan_requests_total", "Total scan requests", "token_symbol", "status"),
            Histogram("scan_duration_seconds", "Scan duration in seconds", buckets.ScanDuration ?? HistogramBucketOptions.DefaultScanDuration, "token_symbol", "status"),
            Counter("scan_errors_total", "Total scan errors", "token_symbol", "error_type"),
            Histogram("gem_score_distribution", "GemScore distribution (0-100)", buckets.GemScore ?? HistogramBucketOptions.DefaultGemScore, "token_symbol"),
            Histogram("confidence_score_distribution", "Confidence score distribution (0-1)", buckets.Confidence ?? HistogramBucketOptions.DefaultConfidence, "token_symbol"),
            Counter("flagged_tokens_total", "Total flagged tokens", "token_symbol", "flag_reason"),

            Counter("data_source_requests_total", "Total data source requests", "source", "endpoint", "status"),
            Histogram("data_source_latency_seconds", "Data source request latency in seconds", buckets.DataSourceLatency ?? HistogramBucketOptions.DefaultDataSourceLatency, "source", "endpoint"),
            Counter("data_source_errors_total", "Total data source errors", "source", "endpoint", "error_type"),
            Counter("data_source_cache_hits_total", "Total data source cache hits", "source", "endpoint"),
            Counter("data_source_cache_misses_total", "Total data source cache misses", "source", "endpoint"),

            Gauge("circuit_breaker_state", "Circuit breaker state (0=closed, 1=open, 2=half_open)", "source", "endpoint"),
            Counter("circuit_breaker_trips_total", "Total circuit breaker trips (closed to open)", "source", "endpoint"),
            Counter("circuit_breaker_recoveries_total", "Total circuit breaker recoveries (back to closed)", "source", "endpoint"),

            Counter("api_requests_total", "Total API requests", "method", "endpoint", "status_code"),
            Histogram("api_request_duration_seconds", "API request duration in seconds", buckets.ApiLatency ?? HistogramBucketOptions.DefaultApiLatency, "method", "endpoint"),
            Counter("api_errors_total", "Total API errors", "method", "endpoint", "error_type"),
            Gauge("active_api_requests", "API requests in progress", "method", "endpoint"),

            Counter("llm_requests_total", "Total LLM requests", "provider", "model", "status"),
            Histogram("llm_latency_seconds", "LLM request latency in seconds", buckets.LlmLatency ?? HistogramBucketOptions.DefaultLlmLatency, "provider", "model"),
            Counter("llm_tokens_used_total", "Total LLM tokens used", "provider", "model", "token_type"),
            Counter("llm_cost_usd_total", "Total LLM cost in US dollars", "provider", "model"),
        ];
    }

    private static MetricDefinition Counter(string name, string help, params string[] labels) => new(name, MetricKind.Counter, help, labels, []);

    private static MetricDefinition Gauge(string name, string help, params string[] labels) => new(name, MetricKind.Gauge, help, labels, []);

    private static MetricDefinition Histogram(string name, string help, IReadOnlyList<double> buckets, params string[] labels) =>
        new(name, MetricKind.Histogram, help, labels, [.. buckets]);
}
