using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics;

namespace AutoTrader.Observability.Tests.Metrics;

/// <summary>
/// A record finds its label set by the identity of its strings when it can, by content otherwise:
/// either way it lands in the same series, and folded measurements are counted every time.
/// </summary>
public sealed class LabelSetResolutionTests
{
    [Fact]
    public void Equal_label_values_in_other_string_instances_record_into_the_same_series()
    {
        // With room for one set, a copy taken for a new set would fold.
        using var pipeline = new MetricsTestPipeline(new ObservabilityOptions { Metrics = new MetricsOptions { CardinalityLimit = 1 } });
        var counter = pipeline.Registry.Counter("same_content_total", "help", ["token", "status"]);
        counter.Inc("BTC", "success");
        for (var i = 0; i < 3; i++)
        {
            counter.Inc(new string("BTC".AsSpan()), new string("success".AsSpan()));
            counter.Inc("BTC", "success");
        }

        var lines = pipeline.Scrape().Split('\n').Where(l => l.StartsWith("same_content_total{", StringComparison.Ordinal));
        Assert.Equal(["same_content_total{status=\"success\",token=\"BTC\"} 7"], lines);
    }

    [Fact]
    public void Many_label_sets_recorded_in_turn_each_keep_their_own_count()
    {
        // More sets than the table has slots, with values that share lengths and characters: sets
        // that meet in a slot must never be taken for one another.
        var values = Enumerable.Range(0, 600).Select(i => $"v{i % 10}{i / 10 % 10}{i / 100}").ToArray();
        using var pipeline = new MetricsTestPipeline(new ObservabilityOptions { Metrics = new MetricsOptions { CardinalityLimit = 1000 } });
        var counter = pipeline.Registry.Counter("in_turn_total", "help", ["value", "kind"]);
        for (var round = 1; round <= 3; round++)
        {
            for (var i = 0; i < values.Length; i++)
            {
                counter.Add(i, values[i], "k");
            }
        }

        var lines = pipeline.Scrape().Split('\n').Where(l => l.StartsWith("in_turn_total{", StringComparison.Ordinal)).ToHashSet();
        Assert.Equal(values.Length, lines.Count);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Contains($"in_turn_total{{kind=\"k\",value=\"{values[i]}\"}} {3 * i}", lines);
        }
    }

    [Fact]
    public void The_same_folded_label_set_recorded_again_is_counted_each_time()
    {
        using var pipeline = new MetricsTestPipeline(new ObservabilityOptions { Metrics = new MetricsOptions { CardinalityLimit = 1 } });
        var counter = pipeline.Registry.Counter("folded_again_total", "help", ["value"]);
        counter.Inc("kept");
        for (var i = 0; i < 5; i++)
        {
            counter.Inc("late");
            counter.Inc("kept");
        }

        var lines = pipeline.Scrape().Split('\n');
        Assert.Contains("folded_again_total{value=\"kept\"} 6", lines);
        Assert.Contains("folded_again_total{value=\"__overflow__\"} 5", lines);
        Assert.Contains("metric_cardinality_overflow_total{metric=\"folded_again_total\"} 5", lines);
    }

    [Fact]
    public void A_label_set_admitted_while_metrics_were_off_is_not_taken_before_they_are_on()
    {
        // Nothing listens to a registry without a MeterProvider: records are skipped and admit nothing.
        using var registry = new MetricRegistry(new MetricsOptions { CardinalityLimit = 1 });
        var counter = registry.Counter("off_then_on_total", "help", ["value"]);
        counter.Inc("before");
        using var recorder = new MeasurementRecorder(registry.Meter);
        counter.Inc("after");
        counter.Inc("before");

        Assert.Equal(["after", "__overflow__"], recorder.Measurements.Where(m => m.Name == counter.Definition.Name).Select(m => m.Tags["value"]));
    }
}
