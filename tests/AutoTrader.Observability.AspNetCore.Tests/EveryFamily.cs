using AutoTrader.Observability.Metrics;

namespace AutoTrader.Observability.AspNetCore.Tests;

/// <summary>Gives every family of the guide at least one series, some with hostile label values.</summary>
internal static class EveryFamily
{
    public const string HostileValue = "quote\" backslash\\ newline\n unicode € 🚀 ü";

    public static void Record(AutoTraderMetrics metrics)
    {
        metrics.RecordScanRequest("BTC", "success");
        metrics.RecordScanRequest(HostileValue, "failure");
        metrics.RecordScanDuration("BTC", 2.5, "success");
        metrics.RecordScanError("BTC", "timeout");
        metrics.RecordGemScore("BTC", 85.5);
        metrics.RecordConfidenceScore("BTC", 0.92);
        metrics.RecordFlaggedToken("BTC", "high_risk");
        metrics.RecordDataSourceRequest("coingecko", "/coins/markets", "success");
        metrics.RecordDataSourceLatency("coingecko", "/coins/markets", 0.234);
        metrics.RecordDataSourceError("coingecko", "/coins/markets", "timeout");
        metrics.RecordCacheHit("coingecko", "/coins/markets");
        metrics.RecordCacheMiss("coingecko", "/coins/markets");
        metrics.SetCircuitBreakerState("binance", "/orderbook", CircuitBreakerState.Open);
        metrics.RecordCircuitBreakerTrip("binance", "/orderbook");
        metrics.RecordCircuitBreakerRecovery("binance", "/orderbook");
        metrics.RecordApiRequest("GET", "/api/tokens", 200);
        metrics.RecordApiDuration("GET", "/api/tokens", 0.123);
        metrics.RecordApiError("GET", "/api/tokens", "validation_error");
        using (metrics.TrackActiveRequest("GET", "/api/tokens"))
        {
            metrics.RecordLlmRequest("groq", "llama3-70b", "success");
        }

        metrics.RecordLlmLatency("groq", "llama3-70b", 1.23);
        metrics.RecordLlmTokens("groq", "llama3-70b", "input", 150);
        metrics.RecordLlmTokens("groq", "llama3-70b", "output", 200);
        metrics.RecordLlmCost("groq", "llama3-70b", 0.0015);

        // One fold, so that metric_cardinality_overflow_total has a series too.
        var folding = metrics.Registry.Counter("test_user_input_total", "Test counter with a tiny cardinality limit", ["value"], cardinalityLimit: 1);
        folding.Inc("first");
        folding.Inc("second");
    }
}
