using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics.Exposition;

namespace AutoTrader.Observability.Tests.Metrics;

public sealed class ExpositionTests
{
    [Fact]
    public void Label_values_with_quotes_backslashes_newlines_and_unicode_are_escaped()
    {
        using var pipeline = new MetricsTestPipeline();
        pipeline.Metrics.RecordScanRequest("a\"b\\c\nd €🚀", "success");

        Assert.Contains("scan_requests_total{status=\"success\",token_symbol=\"a\\\"b\\\\c\\nd €🚀\"} 1", pipeline.Scrape().Split('\n'));
    }

    [Fact]
    public void Series_carry_only_their_own_labels_and_target_info_carries_service_environment_and_version_once()
    {
        var options = new ObservabilityOptions { ServiceName = "autotrader", Environment = "staging", Version = "1.2.3" };
        using var pipeline = new MetricsTestPipeline(options);
        pipeline.Metrics.RecordCacheHit("coingecko", "/coins/markets");
        var text = pipeline.Scrape();

        Assert.Contains("data_source_cache_hits_total{endpoint=\"/coins/markets\",source=\"coingecko\"} 1", text.Split('\n'));
        Assert.DoesNotContain("otel_scope", text, StringComparison.Ordinal);
        var info = Assert.Single(text.Split('\n'), l => l.StartsWith("target_info{", StringComparison.Ordinal));
        Assert.Contains("service_name=\"autotrader\"", info, StringComparison.Ordinal);
        Assert.Contains("deployment_environment_name=\"staging\"", info, StringComparison.Ordinal);
        Assert.Contains("service_version=\"1.2.3\"", info, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), l => l.Contains("staging", StringComparison.Ordinal));
    }

    [Fact]
    public void Scope_labels_appear_when_configured()
    {
        using var pipeline = new MetricsTestPipeline(new ObservabilityOptions { Metrics = new MetricsOptions { ScopeLabels = true } });
        pipeline.Metrics.RecordCacheHit("coingecko", "/coins/markets");

        Assert.Contains("data_source_cache_hits_total{endpoint=\"/coins/markets\",source=\"coingecko\",otel_scope_name=\"AutoTrader\"} 1", pipeline.Scrape().Split('\n'));
    }

    [Fact]
    public void Prometheus_text_names_a_counter_family_with_total_and_has_no_eof()
    {
        using var pipeline = new MetricsTestPipeline();
        pipeline.Metrics.RecordScanRequest("BTC", "success");
        var lines = pipeline.Scrape().Split('\n');

        Assert.Contains("# TYPE scan_requests_total counter", lines);
        Assert.Contains("# HELP scan_requests_total Total scan requests", lines);
        Assert.DoesNotContain("# EOF", lines);
    }

    [Fact]
    public void OpenMetrics_names_a_counter_family_without_total_and_ends_with_eof()
    {
        using var pipeline = new MetricsTestPipeline();
        pipeline.Metrics.RecordScanRequest("BTC", "success");
        var text = pipeline.Scrape(ExpositionFormat.OpenMetrics);
        var lines = text.Split('\n');

        Assert.Contains("# TYPE scan_requests counter", lines);
        Assert.Contains("scan_requests_total{status=\"success\",token_symbol=\"BTC\"} 1", lines);
        Assert.Contains("# TYPE target info", lines);
        Assert.EndsWith("# EOF\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Histogram_buckets_are_cumulative_and_end_with_inf_equal_to_count()
    {
        using var pipeline = new MetricsTestPipeline();
        pipeline.Metrics.RecordApiDuration("GET", "/api/tokens", 0.03);
        pipeline.Metrics.RecordApiDuration("GET", "/api/tokens", 0.2);
        pipeline.Metrics.RecordApiDuration("GET", "/api/tokens", 9);
        var lines = pipeline.Scrape().Split('\n').Where(l => l.StartsWith("api_request_duration_seconds", StringComparison.Ordinal)).ToList();

        Assert.Equal(
            [
                "api_request_duration_seconds_bucket{endpoint=\"/api/tokens\",method=\"GET\",le=\"0.01\"} 0",
                "api_request_duration_seconds_bucket{endpoint=\"/api/tokens\",method=\"GET\",le=\"0.05\"} 1",
                "api_request_duration_seconds_bucket{endpoint=\"/api/tokens\",method=\"GET\",le=\"0.1\"} 1",
                "api_request_duration_seconds_bucket{endpoint=\"/api/tokens\",method=\"GET\",le=\"0.25\"} 2",
                "api_request_duration_seconds_bucket{endpoint=\"/api/tokens\",method=\"GET\",le=\"0.5\"} 2",
                "api_request_duration_seconds_bucket{endpoint=\"/api/tokens\",method=\"GET\",le=\"1\"} 2",
                "api_request_duration_seconds_bucket{endpoint=\"/api/tokens\",method=\"GET\",le=\"2.5\"} 2",
                "api_request_duration_seconds_bucket{endpoint=\"/api/tokens\",method=\"GET\",le=\"5\"} 2",
                "api_request_duration_seconds_bucket{endpoint=\"/api/tokens\",method=\"GET\",le=\"+Inf\"} 3",
                "api_request_duration_seconds_sum{endpoint=\"/api/tokens\",method=\"GET\"} 9.23",
                "api_request_duration_seconds_count{endpoint=\"/api/tokens\",method=\"GET\"} 3",
            ],
            lines);
    }

    [Fact]
    public void Two_hosts_in_one_process_do_not_see_each_others_measurements()
    {
        using var first = new MetricsTestPipeline();
        using var second = new MetricsTestPipeline();
        first.Metrics.RecordScanRequest("ONLY_FIRST", "success");

        Assert.Contains("ONLY_FIRST", first.Scrape(), StringComparison.Ordinal);
        Assert.DoesNotContain("ONLY_FIRST", second.Scrape(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, ExpositionFormat.PrometheusText)]
    [InlineData("text/plain", ExpositionFormat.PrometheusText)]
    [InlineData("*/*", ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text; version=1.0.0", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text; version=2.0.0", ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", ExpositionFormat.OpenMetrics)]
    [InlineData("text/plain;q=1, application/openmetrics-text;q=0.5", ExpositionFormat.PrometheusText)]
    public void Accept_header_chooses_the_format(string? accept, ExpositionFormat expected) =>
        Assert.Equal(expected, ExpositionFormats.Negotiate(accept));
}
