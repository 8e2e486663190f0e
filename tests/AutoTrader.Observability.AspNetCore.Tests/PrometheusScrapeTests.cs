using Xunit.Abstractions;

namespace AutoTrader.Observability.AspNetCore.Tests;

/// <summary>A real Prometheus scrapes the endpoint and PromQL returns what was recorded.</summary>
public sealed class PrometheusScrapeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Prometheus_scrapes_the_endpoint_and_promql_returns_the_recorded_values()
    {
        await using var host = await TestMetricsHost.StartAsync();
        EveryFamily.Record(host.Metrics);
        for (var i = 0; i < 6; i++)
        {
            host.Metrics.RecordScanRequest("BTC", "success");
        }

        // Ten API requests of 0.2 s all fall in the (0.1, 0.25] bucket: the median interpolates to 0.175.
        for (var i = 0; i < 10; i++)
        {
            host.Metrics.RecordApiDuration("GET", "/api/scan", 0.2);
        }

        await using var prometheus = await RealPrometheus.StartAsync(output, $"""
              - job_name: autotrader
                static_configs:
                  - targets: ['{host.BaseAddress.Authority}']

            """);
        if (prometheus is null)
        {
            return;
        }

        var count = await prometheus.QueryUntilPresentAsync("scan_requests_total{token_symbol=\"BTC\",status=\"success\"}");
        var median = await prometheus.QueryUntilPresentAsync("histogram_quantile(0.5, sum by (le) (api_request_duration_seconds_bucket{endpoint=\"/api/scan\"}))");
        var hostile = await prometheus.QueryUntilPresentAsync("scan_requests_total{status=\"failure\"}");

        Assert.Equal(7, count.Value);
        Assert.Equal(0.175, median.Value, 9);
        Assert.Equal(EveryFamily.HostileValue, hostile.Labels["token_symbol"]);
    }
}
