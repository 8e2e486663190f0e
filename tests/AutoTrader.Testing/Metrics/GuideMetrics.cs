namespace AutoTrader.Observability.Tests.Metrics;

/// <summary>The guide's "Exposed metrics" lists and FACTS.md's buckets, written out by hand as the specification.</summary>
public static class GuideMetrics
{
    public static readonly (string Name, string Type, string[] Labels)[] Families =
    [
        ("scan_requests_total", "counter", ["token_symbol", "status"]),
        ("scan_duration_seconds", "histogram", ["token_symbol", "status"]),
        ("scan_errors_total", "counter", ["token_symbol", "error_type"]),
        ("gem_score_distribution", "histogram", ["token_symbol"]),
        ("confidence_score_distribution", "histogram", ["token_symbol"]),
        ("flagged_tokens_total", "counter", ["token_symbol", "flag_reason"]),
        ("data_source_requests_total", "counter", ["source", "endpoint", "status"]),
        ("data_source_latency_seconds", "histogram", ["source", "endpoint"]),
        ("data_source_errors_total", "counter", ["source", "endpoint", "error_type"]),
        ("data_source_cache_hits_total", "counter", ["source", "endpoint"]),
        ("data_source_cache_misses_total", "counter", ["source", "endpoint"]),
        ("circuit_breaker_state", "gauge", ["source", "endpoint"]),
        ("circuit_breaker_trips_total", "counter", ["source", "endpoint"]),
        ("circuit_breaker_recoveries_total", "counter", ["source", "endpoint"]),
        ("api_requests_total", "counter", ["method", "endpoint", "status_code"]),
        ("api_request_duration_seconds", "histogram", ["method", "endpoint"]),
        ("api_errors_total", "counter", ["method", "endpoint", "error_type"]),
        ("active_api_requests", "gauge", ["method", "endpoint"]),
        ("llm_requests_total", "counter", ["provider", "model", "status"]),
        ("llm_latency_seconds", "histogram", ["provider", "model"]),
        ("llm_tokens_used_total", "counter", ["provider", "model", "token_type"]),
        ("llm_cost_usd_total", "counter", ["provider", "model"]),
    ];

    public static readonly Dictionary<string, double[]> Buckets = new()
    {
        ["scan_duration_seconds"] = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60],
        ["api_request_duration_seconds"] = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        ["data_source_latency_seconds"] = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        ["gem_score_distribution"] = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
        ["confidence_score_distribution"] = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
        ["llm_latency_seconds"] = [0.1, 0.5, 1, 2, 5, 10, 30],
    };
}
