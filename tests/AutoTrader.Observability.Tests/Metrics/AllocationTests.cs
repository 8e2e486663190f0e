using System.Diagnostics;
using AutoTrader.Observability.Metrics;
using AutoTrader.Observability.Metrics.Exposition;

namespace AutoTrader.Observability.Tests.Metrics;

/// <summary>Recording allocates nothing once a series exists (measured with the thread's allocation counter, not timed).</summary>
public sealed class AllocationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)] // where trace-based exemplars are kept
    public void Recording_through_the_helpers_and_a_routes_series_allocates_nothing_in_a_sampled_span_or_not(bool inSampledSpan)
    {
        using var pipeline = new MetricsTestPipeline();
        using var span = inSampledSpan ? new Activity("allocation-test") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start() : null;
        var metrics = pipeline.Metrics;
        var route = metrics.ForApiEndpoint("GET", "/api/tokens/{symbol}");
        void RecordAll()
        {
            metrics.RecordScanRequest("BTC", "success");
            metrics.RecordScanDuration("BTC", 2.5, "success");
            metrics.RecordGemScore("BTC", 85.5);
            metrics.RecordDataSourceRequest("coingecko", "/coins/markets", "success");
            metrics.RecordApiRequest("GET", "/api/tokens", 200);
            metrics.RecordApiDuration("GET", "/api/tokens", 0.123);
            metrics.SetCircuitBreakerState("binance", "/orderbook", CircuitBreakerState.Open);
            metrics.RecordLlmTokens("groq", "llama3-70b", "input", 150);
            using var tracker = metrics.TrackActiveRequest("GET", "/api/tokens");
            using var routeTracker = route.TrackActiveRequest();
            route.RecordRequest(200, 0.004);
        }

        RecordAll();

        // A per-record allocation shows in every round; a one-off runtime allocation on this
        // thread (seen rarely while other tests start and stop MeterProviders) in one round only.
        var rounds = AllocationRounds.Of(RecordAll);

        Assert.True(rounds.Min() == 0, "bytes allocated per round of 1000 records: " + string.Join(", ", rounds));
        Assert.Equal(inSampledSpan, pipeline.Scrape(ExpositionFormat.OpenMetrics).Contains(" # {trace_id=", StringComparison.Ordinal));
    }
}
