using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using AutoTrader.Observability.Metrics;
using AutoTrader.Observability.Metrics.Exposition;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Tests.Metrics;

public sealed class CardinalityGuardTests
{
    [Fact]
    // Labels appear in name order: the OpenTelemetry SDK sorts attributes by key.
    public void Label_sets_past_the_limit_fold_into_one_overflow_series_and_are_counted()
    {
        using var pipeline = new MetricsTestPipeline(new ObservabilityOptions { Metrics = new MetricsOptions { CardinalityLimit = 3 } });
        for (var i = 0; i < 10; i++)
        {
            pipeline.Metrics.RecordScanRequest("TOKEN" + i, "success");
        }

        pipeline.Metrics.RecordScanRequest("TOKEN1", "success");
        var lines = pipeline.Scrape().Split('\n');

        Assert.Equal(
            [
                "scan_requests_total{status=\"__overflow__\",token_symbol=\"__overflow__\"} 7",
                "scan_requests_total{status=\"success\",token_symbol=\"TOKEN0\"} 1",
                "scan_requests_total{status=\"success\",token_symbol=\"TOKEN1\"} 2",
                "scan_requests_total{status=\"success\",token_symbol=\"TOKEN2\"} 1",
            ],
            lines.Where(l => l.StartsWith("scan_requests_total{", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("metric_cardinality_overflow_total{metric=\"scan_requests_total\"} 7", lines);
    }

    [Fact]
    public void An_up_down_gauge_folds_past_the_limit_too_and_its_series_keep_their_totals()
    {
        using var pipeline = new MetricsTestPipeline(new ObservabilityOptions { Metrics = new MetricsOptions { CardinalityLimit = 2 } });
        var trackers = new List<ActiveRequestTracker>();
        foreach (var endpoint in new[] { "/a", "/b", "/c", "/d", "/a" })
        {
            trackers.Add(pipeline.Metrics.TrackActiveRequest("GET", endpoint));
        }

        trackers[1].Dispose();
        var lines = pipeline.Scrape().Split('\n');

        Assert.Equal(
            [
                "active_api_requests{endpoint=\"/a\",method=\"GET\"} 2",
                "active_api_requests{endpoint=\"/b\",method=\"GET\"} 0",
                "active_api_requests{endpoint=\"__overflow__\",method=\"__overflow__\"} 2",
            ],
            lines.Where(l => l.StartsWith("active_api_requests{", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("metric_cardinality_overflow_total{metric=\"active_api_requests\"} 2", lines);
    }

    [Fact]
    public void A_limit_configured_for_one_metric_wins_over_the_default_and_over_the_code()
    {
        var options = ObservabilityConfiguration.LoadYaml(
            "observability:\n  metrics:\n    cardinality_limits:\n      user_input_total: { limit: 2 }\n",
            new Dictionary<string, string>());
        using var registry = new MetricRegistry(options.Metrics);
        var limited = registry.Counter("user_input_total", "help", ["value"], cardinalityLimit: 100);
        var other = registry.Counter("other_input_total", "help", ["value"]);
        using var recorder = new MeasurementRecorder(registry.Meter);
        foreach (var value in new[] { "a", "b", "c", "d" })
        {
            limited.Inc(value);
            other.Inc(value);
        }

        Assert.Equal(2, limited.CardinalityLimit);
        Assert.Equal(2000, other.CardinalityLimit);
        Assert.Equal(["a", "b", "__overflow__", "__overflow__"], recorder.Measurements.Where(m => m.Name == "user_input_total").Select(m => m.Tags["value"]));
        Assert.Equal(["a", "b", "c", "d"], recorder.Measurements.Where(m => m.Name == "other_input_total").Select(m => m.Tags["value"]));
    }

    [Fact]
    public void The_first_fold_of_a_metric_logs_one_warning()
    {
        using var output = new MemoryStream();
        var options = new ObservabilityOptions();
        using (var loggers = AutoTraderLogging.CreateFactory(options, output))
        {
            using var registry = new MetricRegistry(new MetricsOptions { CardinalityLimit = 2 }, loggers.CreateLogger("AutoTrader.Metrics"));
            var counter = registry.Counter("user_input_total", "help", ["value"]);
            using var listening = new MeasurementRecorder(registry.Meter); // with nothing listening, records are skipped
            for (var i = 0; i < 100; i++)
            {
                counter.Inc("v" + i);
            }
        }

        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var warning = Assert.Single(lines);
        Assert.Contains("\"event\":\"metric_cardinality_limit_reached\"", warning, StringComparison.Ordinal);
        Assert.Contains("\"metric\":\"user_input_total\"", warning, StringComparison.Ordinal);
        Assert.Contains("\"limit\":2", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Memory_stays_bounded_however_many_distinct_values_arrive()
    {
        using var pipeline = new MetricsTestPipeline(new ObservabilityOptions { Metrics = new MetricsOptions { CardinalityLimit = 50 } });
        var counter = pipeline.Registry.Counter("user_input_total", "help", ["value"]);
        for (var i = 0; i < 100_000; i++)
        {
            counter.Inc("v" + i);
        }

        var series = pipeline.Scrape().Split('\n').Count(l => l.StartsWith("user_input_total{", StringComparison.Ordinal));
        Assert.Equal(51, series);
    }

    [Fact]
    public void A_limit_above_the_sdk_default_of_2000_keeps_every_series_of_a_module_metric_defined_after_start()
    {
        using var pipeline = new MetricsTestPipeline(new ObservabilityOptions { Metrics = new MetricsOptions { CardinalityLimit = 3000 } });
        var counter = pipeline.Registry.Counter("late_module_total", "help", ["value"]);
        for (var i = 0; i < 2500; i++)
        {
            counter.Inc("v" + i);
        }

        var lines = pipeline.Scrape().Split('\n');
        Assert.Equal(2500, lines.Count(l => l.StartsWith("late_module_total{value=\"v", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("overflow", StringComparison.Ordinal) && l.StartsWith("late_module_total", StringComparison.Ordinal));
    }

    [Fact]
    public void A_per_metric_limit_overrides_the_configured_default()
    {
        using var pipeline = new MetricsTestPipeline(new ObservabilityOptions { Metrics = new MetricsOptions { CardinalityLimit = 1000 } });
        var counter = pipeline.Registry.Counter("per_metric_total", "help", ["value"], cardinalityLimit: 2);
        foreach (var value in new[] { "a", "b", "c", "d" })
        {
            counter.Inc(value);
        }

        Assert.Contains("per_metric_total{value=\"__overflow__\"} 2", pipeline.Scrape(ExpositionFormat.PrometheusText).Split('\n'));
    }
}
