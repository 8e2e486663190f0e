using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics;

namespace AutoTrader.Observability.Tests.Metrics;

public sealed class RecordHelpersTests
{
    public static TheoryData<string, Action<AutoTraderMetrics>, string, double, string[]> Helpers() => new()
    {
        { "record_scan_request", m => m.RecordScanRequest("BTC", "success"), "scan_requests_total", 1, ["token_symbol=BTC", "status=success"] },
        { "record_scan_duration", m => m.RecordScanDuration("BTC", 2.5, "success"), "scan_duration_seconds", 2.5, ["token_symbol=BTC", "status=success"] },
        { "record_scan_error", m => m.RecordScanError("BTC", "timeout"), "scan_errors_total", 1, ["token_symbol=BTC", "error_type=timeout"] },
        { "record_gem_score", m => m.RecordGemScore("BTC", 85.5), "gem_score_distribution", 85.5, ["token_symbol=BTC"] },
        { "record_confidence_score", m => m.RecordConfidenceScore("BTC", 0.92), "confidence_score_distribution", 0.92, ["token_symbol=BTC"] },
        { "record_flagged_token", m => m.RecordFlaggedToken("BTC", "high_risk"), "flagged_tokens_total", 1, ["token_symbol=BTC", "flag_reason=high_risk"] },
        { "record_data_source_request", m => m.RecordDataSourceRequest("coingecko", "/coins/markets", "success"), "data_source_requests_total", 1, ["source=coingecko", "endpoint=/coins/markets", "status=success"] },
        { "record_data_source_latency", m => m.RecordDataSourceLatency("coingecko", "/coins/markets", 0.234), "data_source_latency_seconds", 0.234, ["source=coingecko", "endpoint=/coins/markets"] },
        { "record_data_source_error", m => m.RecordDataSourceError("coingecko", "/coins/markets", "timeout"), "data_source_errors_total", 1, ["source=coingecko", "endpoint=/coins/markets", "error_type=timeout"] },
        { "record_cache_hit", m => m.RecordCacheHit("coingecko", "/coins/markets"), "data_source_cache_hits_total", 1, ["source=coingecko", "endpoint=/coins/markets"] },
        { "record_cache_miss", m => m.RecordCacheMiss("coingecko", "/coins/markets"), "data_source_cache_misses_total", 1, ["source=coingecko", "endpoint=/coins/markets"] },
        { "set_circuit_breaker_state closed", m => m.SetCircuitBreakerState("binance", "/orderbook", CircuitBreakerState.Closed), "circuit_breaker_state", 0, ["source=binance", "endpoint=/orderbook"] },
        { "set_circuit_breaker_state open", m => m.SetCircuitBreakerState("binance", "/orderbook", CircuitBreakerState.Open), "circuit_breaker_state", 1, ["source=binance", "endpoint=/orderbook"] },
        { "set_circuit_breaker_state half_open", m => m.SetCircuitBreakerState("binance", "/orderbook", CircuitBreakerState.HalfOpen), "circuit_breaker_state", 2, ["source=binance", "endpoint=/orderbook"] },
        { "record_circuit_breaker_trip", m => m.RecordCircuitBreakerTrip("binance", "/orderbook"), "circuit_breaker_trips_total", 1, ["source=binance", "endpoint=/orderbook"] },
        { "record_circuit_breaker_recovery", m => m.RecordCircuitBreakerRecovery("binance", "/orderbook"), "circuit_breaker_recoveries_total", 1, ["source=binance", "endpoint=/orderbook"] },
        { "record_api_request", m => m.RecordApiRequest("GET", "/api/tokens", 200), "api_requests_total", 1, ["method=GET", "endpoint=/api/tokens", "status_code=200"] },
        { "record_api_request unusual code", m => m.RecordApiRequest("GET", "/api/tokens", 799), "api_requests_total", 1, ["method=GET", "endpoint=/api/tokens", "status_code=799"] },
        { "record_api_duration", m => m.RecordApiDuration("GET", "/api/tokens", 0.123), "api_request_duration_seconds", 0.123, ["method=GET", "endpoint=/api/tokens"] },
        { "record_api_error", m => m.RecordApiError("GET", "/api/tokens", "validation_error"), "api_errors_total", 1, ["method=GET", "endpoint=/api/tokens", "error_type=validation_error"] },
        { "record_llm_request", m => m.RecordLlmRequest("groq", "llama3-70b", "success"), "llm_requests_total", 1, ["provider=groq", "model=llama3-70b", "status=success"] },
        { "record_llm_latency", m => m.RecordLlmLatency("groq", "llama3-70b", 1.23), "llm_latency_seconds", 1.23, ["provider=groq", "model=llama3-70b"] },
        { "record_llm_tokens", m => m.RecordLlmTokens("groq", "llama3-70b", "input", 150), "llm_tokens_used_total", 150, ["provider=groq", "model=llama3-70b", "token_type=input"] },
        { "record_llm_cost", m => m.RecordLlmCost("groq", "llama3-70b", 0.0015), "llm_cost_usd_total", 0.0015, ["provider=groq", "model=llama3-70b"] },
    };

    [Theory]
    [MemberData(nameof(Helpers))]
    public void Helper_records_one_measurement_on_the_guides_metric_with_its_labels(string guideFunction, Action<AutoTraderMetrics> record, string metric, double value, string[] labels)
    {
        using var registry = new MetricRegistry(new MetricsOptions());
        var metrics = new AutoTraderMetrics(registry, new HistogramBucketOptions());
        using var recorder = new MeasurementRecorder(registry.Meter);

        record(metrics);

        var measurement = Assert.Single(recorder.Measurements);
        Assert.True(metric == measurement.Name, guideFunction);
        Assert.Equal(value, measurement.Value);
        Assert.Equal(labels, measurement.Tags.Select(t => $"{t.Key}={t.Value}"));
    }

    [Fact]
    public void Active_request_tracker_counts_up_then_down_even_when_the_work_throws()
    {
        using var registry = new MetricRegistry(new MetricsOptions());
        var metrics = new AutoTraderMetrics(registry, new HistogramBucketOptions());
        using var recorder = new MeasurementRecorder(registry.Meter);
        double Active()
        {
            recorder.Measurements.Clear();
            recorder.Observe();
            var active = Assert.Single(recorder.Measurements, m => m.Name == "active_api_requests");
            Assert.Equal("GET", active.Tags["method"]);
            Assert.Equal("/api/tokens", active.Tags["endpoint"]);
            return active.Value;
        }

        Action work = () =>
        {
            using var outer = metrics.TrackActiveRequest("GET", "/api/tokens");
            using (metrics.TrackActiveRequest("GET", "/api/tokens"))
            {
                Assert.Equal(2, Active());
            }

            Assert.Equal(1, Active());
            throw new InvalidOperationException("work failed");
        };
        Assert.Throws<InvalidOperationException>(work);

        Assert.Equal(0, Active());
    }

    [Fact]
    public void A_label_value_of_the_wrong_count_is_refused_with_the_label_names()
    {
        using var registry = new MetricRegistry(new MetricsOptions());
        var counter = registry.Counter("module_operations_total", "Total module operations", ["operation_type", "status"]);

        var error = Assert.Throws<ArgumentException>(() => counter.Inc("data_processing"));
        Assert.Contains("operation_type, status", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_and_oversized_label_values_are_recorded_as_empty_and_cut()
    {
        using var registry = new MetricRegistry(new MetricsOptions());
        var counter = registry.Counter("odd_values_total", "Odd values", ["a", "b"]);
        using var recorder = new MeasurementRecorder(registry.Meter);

        counter.Inc(null, new string('x', 5_000_000));

        var tags = Assert.Single(recorder.Measurements).Tags;
        Assert.Equal(string.Empty, tags["a"]);
        Assert.Equal(LabeledInstrument.MaxLabelValueLength, tags["b"]!.Length);
    }
}
