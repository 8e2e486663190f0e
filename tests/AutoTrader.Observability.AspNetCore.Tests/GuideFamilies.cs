namespace AutoTrader.Observability.AspNetCore.Tests;

/// <summary>The guide's "Exposed metrics" lists, written out by hand as the specification.</summary>
internal static class GuideFamilies
{
    public static readonly (string Name, string Type, string[] Labels)[] All =
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
        ("metric_cardinality_overflow_total", "counter", ["metric"]),
    ];
}
