using System.Diagnostics;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics;

namespace AutoTrader.Observability.Tests.Metrics;

public sealed class ApiEndpointMetricsTests
{
    [Fact]
    public void The_guides_example_records_a_request_through_its_routes_series()
    {
        using var pipeline = new MetricsTestPipeline();
        var metrics = pipeline.Metrics;

        #region snippet: metrics-api-endpoint
        // Resolved once per route and method (a middleware keeps it with the endpoint), then used by every request.
        var tokens = metrics.ForApiEndpoint("GET", "/api/tokens");

        var started = Stopwatch.GetTimestamp();
        using (tokens.TrackActiveRequest())
        {
            // Process request
        }

        tokens.RecordRequest(200, Stopwatch.GetElapsedTime(started).TotalSeconds);
        #endregion

        var lines = pipeline.Scrape().Split('\n');
        Assert.Contains("api_requests_total{endpoint=\"/api/tokens\",method=\"GET\",status_code=\"200\"} 1", lines);
        Assert.Contains("api_request_duration_seconds_count{endpoint=\"/api/tokens\",method=\"GET\"} 1", lines);
        Assert.Contains("active_api_requests{endpoint=\"/api/tokens\",method=\"GET\"} 0", lines);
    }

    [Fact]
    public void An_endpoints_resolved_series_scrape_as_the_labeled_helpers_do()
    {
        using var pipeline = new MetricsTestPipeline();
        var metrics = pipeline.Metrics;
        var resolved = metrics.ForApiEndpoint("GET", "/resolved");
        using var stillActive = metrics.TrackActiveRequest("GET", "/labeled");
        using var stillActiveResolved = resolved.TrackActiveRequest();
        foreach (var (status, seconds) in new[] { (200, 0.004), (200, 0.3), (404, 0.02), (500, 2.5), (799, 0.001) })
        {
            metrics.RecordApiRequest("GET", "/labeled", status);
            metrics.RecordApiDuration("GET", "/labeled", seconds);
            resolved.RecordRequest(status, seconds);
        }

        metrics.RecordApiError("GET", "/labeled", "client_error");
        resolved.RecordError("client_error");
        using (metrics.TrackActiveRequest("GET", "/labeled"))
        using (resolved.TrackActiveRequest())
        {
        }

        var lines = pipeline.Scrape().Split('\n').Where(l => l.StartsWith("api_", StringComparison.Ordinal) || l.StartsWith("active_api_", StringComparison.Ordinal)).ToList();
        var labeled = lines.Where(l => l.Contains("endpoint=\"/labeled\"", StringComparison.Ordinal)).ToList();
        var histogramLines = HistogramBucketOptions.DefaultApiLatency.Count + 1 + 2; // buckets, +Inf, sum, count
        Assert.Equal(4 + histogramLines + 1 + 1, labeled.Count); // 4 status codes, the histogram, one error series, the gauge
        Assert.Equal(labeled.Select(l => l.Replace("/labeled", "/resolved", StringComparison.Ordinal)), lines.Where(l => l.Contains("endpoint=\"/resolved\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void Past_the_cardinality_limit_each_request_folds_into_the_overflow_series_and_is_counted()
    {
        using var pipeline = new MetricsTestPipeline(new ObservabilityOptions { Metrics = new MetricsOptions { CardinalityLimit = 2 } });
        var metrics = pipeline.Metrics;
        foreach (var endpoint in new[] { "/a", "/b" })
        {
            metrics.ForApiEndpoint("GET", endpoint).RecordRequest(200, 0.01);
            metrics.TrackActiveRequest("GET", endpoint).Dispose();
        }

        var late = metrics.ForApiEndpoint("GET", "/late");
        for (var i = 0; i < 3; i++)
        {
            using (late.TrackActiveRequest())
            {
                late.RecordRequest(200, 0.01);
            }
        }

        var lines = pipeline.Scrape().Split('\n');
        Assert.Contains("api_requests_total{endpoint=\"__overflow__\",method=\"__overflow__\",status_code=\"__overflow__\"} 3", lines);
        Assert.Contains("api_request_duration_seconds_count{endpoint=\"__overflow__\",method=\"__overflow__\"} 3", lines);
        Assert.Contains("active_api_requests{endpoint=\"__overflow__\",method=\"__overflow__\"} 0", lines);
        Assert.Contains("metric_cardinality_overflow_total{metric=\"api_requests_total\"} 3", lines);
        Assert.Contains("metric_cardinality_overflow_total{metric=\"api_request_duration_seconds\"} 3", lines);
        Assert.Contains("metric_cardinality_overflow_total{metric=\"active_api_requests\"} 3", lines);
        Assert.DoesNotContain(lines, l => l.Contains("/late", StringComparison.Ordinal));
    }

    [Fact]
    public void An_endpoint_answering_with_more_status_codes_than_it_keeps_records_every_one()
    {
        using var pipeline = new MetricsTestPipeline();
        var endpoint = pipeline.Metrics.ForApiEndpoint("POST", "/api/scan/{symbol}");
        for (var status = 200; status < 240; status++)
        {
            endpoint.RecordRequest(status, 0.01);
            endpoint.RecordRequest(status, 0.01);
        }

        var lines = pipeline.Scrape().Split('\n');
        for (var status = 200; status < 240; status++)
        {
            Assert.Contains($"api_requests_total{{endpoint=\"/api/scan/{{symbol}}\",method=\"POST\",status_code=\"{status}\"}} 2", lines);
        }

        Assert.Contains("api_request_duration_seconds_count{endpoint=\"/api/scan/{symbol}\",method=\"POST\"} 80", lines);
    }
}
