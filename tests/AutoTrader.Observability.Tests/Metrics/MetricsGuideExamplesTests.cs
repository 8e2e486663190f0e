using System.Diagnostics;
using AutoTrader.Observability.Logging;
using AutoTrader.Observability.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AutoTrader.Observability.Tests.Metrics;

/// <summary>The C# snippets of the guide's "Prometheus Metrics" section, compiled and run.</summary>
public sealed class MetricsGuideExamplesTests
{
    [Fact]
    public void Record_helper_examples_give_every_family_a_series()
    {
        using var pipeline = new MetricsTestPipeline();
        var metrics = pipeline.Metrics;

        #region snippet: metrics-scanner
        metrics.RecordScanRequest("BTC", "success");
        metrics.RecordScanDuration("BTC", 2.5, "success");
        metrics.RecordScanError("BTC", "timeout");
        metrics.RecordGemScore("BTC", 85.5);
        metrics.RecordConfidenceScore("BTC", 0.92);
        metrics.RecordFlaggedToken("BTC", "high_risk");
        #endregion

        #region snippet: metrics-data-source
        metrics.RecordDataSourceRequest("coingecko", "/coins/markets", "success");
        metrics.RecordDataSourceLatency("coingecko", "/coins/markets", 0.234);
        metrics.RecordDataSourceError("coingecko", "/coins/markets", "timeout");
        metrics.RecordCacheHit("coingecko", "/coins/markets");
        metrics.RecordCacheMiss("coingecko", "/coins/markets");
        #endregion

        #region snippet: metrics-circuit-breaker
        metrics.SetCircuitBreakerState("binance", "/orderbook", CircuitBreakerState.Open);
        metrics.RecordCircuitBreakerTrip("binance", "/orderbook");
        metrics.RecordCircuitBreakerRecovery("binance", "/orderbook");
        #endregion

        #region snippet: metrics-api
        metrics.RecordApiRequest("GET", "/api/tokens", 200);
        metrics.RecordApiDuration("GET", "/api/tokens", 0.123);
        metrics.RecordApiError("GET", "/api/tokens", "validation_error");

        // active_api_requests goes up now and back down at the end of the block, even if it throws.
        using (metrics.TrackActiveRequest("GET", "/api/tokens"))
        {
            // Process request
        }
        #endregion

        #region snippet: metrics-llm
        metrics.RecordLlmRequest("groq", "llama3-70b", "success");
        metrics.RecordLlmLatency("groq", "llama3-70b", 1.23);
        metrics.RecordLlmTokens("groq", "llama3-70b", "input", 150);
        metrics.RecordLlmTokens("groq", "llama3-70b", "output", 200);
        metrics.RecordLlmCost("groq", "llama3-70b", 0.0015);
        #endregion

        var text = pipeline.Scrape();
        Assert.All(GuideMetrics.Families, f => Assert.Contains($"\n{f.Name}{(f.Type == "histogram" ? "_count" : string.Empty)}{{", text, StringComparison.Ordinal));
        Assert.Contains("circuit_breaker_state{endpoint=\"/orderbook\",source=\"binance\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("active_api_requests{endpoint=\"/api/tokens\",method=\"GET\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("llm_tokens_used_total{model=\"llama3-70b\",provider=\"groq\",token_type=\"output\"} 200\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Module_example_records_its_own_metrics_on_success_and_failure()
    {
        using var pipeline = new MetricsTestPipeline();
        var processor = new TokenDataProcessor(pipeline.Registry, NullLogger<TokenDataProcessor>.Instance);

        Assert.Equal(["BTC", "ETH"], processor.ProcessData(["btc", "eth"]));
        Assert.Throws<ArgumentException>(() => processor.ProcessData(["btc", ""]));

        var lines = pipeline.Scrape().Split('\n');
        Assert.Contains("module_operations_total{operation_type=\"data_processing\",status=\"success\"} 1", lines);
        Assert.Contains("module_operations_total{operation_type=\"data_processing\",status=\"failure\"} 1", lines);
        Assert.Contains("module_duration_seconds_count{operation_type=\"data_processing\"} 1", lines);
        Assert.Contains("# HELP module_operations_total Total module operations", lines);
    }

    #region snippet: metrics-module
    public sealed class TokenDataProcessor
    {
        private readonly ILogger logger;
        private readonly LabeledCounter operations;
        private readonly LabeledHistogram duration;

        public TokenDataProcessor(MetricRegistry registry, ILogger<TokenDataProcessor> logger)
        {
            this.logger = logger;

            // Define module-specific metrics (same name + type + labels again returns the same instrument).
            operations = registry.Counter("module_operations_total", "Total module operations", ["operation_type", "status"]);
            duration = registry.Histogram("module_duration_seconds", "Module operation duration", ["operation_type"]);
        }

        public IReadOnlyList<string> ProcessData(IReadOnlyList<string> data)
        {
            const string operationType = "data_processing";
            var started = Stopwatch.GetTimestamp();
            logger.Info("processing_started", ("operation", operationType), ("data_size", data.Count));
            try
            {
                var result = DoProcessing(data);
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                operations.Inc(operationType, "success");
                duration.Observe(seconds, operationType);
                logger.Info("processing_completed", ("operation", operationType), ("duration_seconds", seconds), ("result_size", result.Count));
                return result;
            }
            catch (Exception e)
            {
                operations.Inc(operationType, "failure");
                logger.Exception(e, "processing_failed",
                    ("operation", operationType),
                    ("error_type", e.GetType().Name),
                    ("duration_seconds", Stopwatch.GetElapsedTime(started).TotalSeconds));
                throw;
            }
        }

        private static List<string> DoProcessing(IReadOnlyList<string> data) =>
            [.. data.Select(item => item.Length > 0 ? item.ToUpperInvariant() : throw new ArgumentException("empty item", nameof(data)))];
    }
    #endregion
}
