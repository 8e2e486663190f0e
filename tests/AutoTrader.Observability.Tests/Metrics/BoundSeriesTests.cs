using System.Diagnostics;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics;

namespace AutoTrader.Observability.Tests.Metrics;

/// <summary>A series bound once records as the labeled path does: same series, same guard, nothing allocated.</summary>
public sealed class BoundSeriesTests
{
    [Fact]
    public void The_guides_example_records_through_series_bound_once()
    {
        using var pipeline = new MetricsTestPipeline();
        var registry = pipeline.Registry;

        #region snippet: metrics-bound-series
        var fetches = registry.Counter("module_fetches_total", "Total module fetches", ["source", "status"]);
        var fetchDuration = registry.Histogram("module_fetch_duration_seconds", "Module fetch duration", ["source"]);

        // Bound once where the labels are known (a client of one source), then used by every call.
        var succeeded = fetches.Bind("coingecko", "success");
        var duration = fetchDuration.Bind("coingecko");

        var started = Stopwatch.GetTimestamp();
        // Fetch
        succeeded.Inc();
        duration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        #endregion

        var lines = pipeline.Scrape().Split('\n');
        Assert.Contains("module_fetches_total{source=\"coingecko\",status=\"success\"} 1", lines);
        Assert.Contains("module_fetch_duration_seconds_count{source=\"coingecko\"} 1", lines);
    }

    [Fact]
    public void A_bound_series_and_the_labeled_path_record_into_one_series()
    {
        using var pipeline = new MetricsTestPipeline(new ObservabilityOptions { Metrics = new MetricsOptions { CardinalityLimit = 1 } });
        var counter = pipeline.Registry.Counter("shared_total", "help", ["value"]);
        var histogram = pipeline.Registry.Histogram("shared_seconds", "help", ["value"], [1]);
        var boundCounter = counter.Bind("v");
        var boundHistogram = histogram.Bind("v");

        boundCounter.Inc();
        counter.Inc("v");
        boundCounter.Add(2.5);
        boundCounter.Add(-1);
        histogram.Observe(0.5, "v");
        boundHistogram.Observe(2);

        var lines = pipeline.Scrape().Split('\n');
        Assert.Equal(["shared_total{value=\"v\"} 4.5"], lines.Where(l => l.StartsWith("shared_total{", StringComparison.Ordinal)));
        Assert.Contains("shared_seconds_bucket{value=\"v\",le=\"1\"} 1", lines);
        Assert.Contains("shared_seconds_count{value=\"v\"} 2", lines);
        Assert.DoesNotContain(lines, l => l.Contains("__overflow__", StringComparison.Ordinal));
    }

    [Fact]
    public void Binding_takes_no_room_and_a_bound_series_the_guard_refuses_folds_with_every_record_counted()
    {
        using var pipeline = new MetricsTestPipeline(new ObservabilityOptions { Metrics = new MetricsOptions { CardinalityLimit = 1 } });
        var counter = pipeline.Registry.Counter("bound_fold_total", "help", ["value"]);
        var late = counter.Bind("late");
        counter.Inc("first");
        for (var i = 0; i < 4; i++)
        {
            late.Inc();
        }

        var lines = pipeline.Scrape().Split('\n');
        Assert.Contains("bound_fold_total{value=\"first\"} 1", lines);
        Assert.Contains("bound_fold_total{value=\"__overflow__\"} 4", lines);
        Assert.Contains("metric_cardinality_overflow_total{metric=\"bound_fold_total\"} 4", lines);
    }

    [Fact]
    public void A_series_bound_before_metrics_are_on_records_once_they_are()
    {
        using var registry = new MetricRegistry(new MetricsOptions { CardinalityLimit = 1 });
        var counter = registry.Counter("bound_early_total", "help", ["value"]);
        var bound = counter.Bind("early");
        bound.Inc(); // nothing listens yet: skipped, and the set is not admitted

        using var recorder = new MeasurementRecorder(registry.Meter);
        bound.Inc();
        counter.Inc("other");

        Assert.Equal(["early", "__overflow__"], recorder.Measurements.Where(m => m.Name == counter.Definition.Name).Select(m => m.Tags["value"]));
    }

    [Fact]
    public void Binding_checks_and_cleans_the_label_values_as_recording_does()
    {
        using var registry = new MetricRegistry(new MetricsOptions());
        var counter = registry.Counter("bound_values_total", "help", ["a", "b"]);
        using var recorder = new MeasurementRecorder(registry.Meter);

        Assert.Throws<ArgumentException>(() => counter.Bind("only one"));
        counter.Bind(null, new string('x', 5_000)).Inc();

        var tags = Assert.Single(recorder.Measurements).Tags;
        Assert.Equal(string.Empty, tags["a"]);
        Assert.Equal(LabeledInstrument.MaxLabelValueLength, tags["b"]!.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Recording_through_bound_series_allocates_nothing_in_a_sampled_span_or_not(bool inSampledSpan)
    {
        using var pipeline = new MetricsTestPipeline();
        using var span = inSampledSpan ? new Activity("allocation-test") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start() : null;
        var counter = pipeline.Registry.Counter("bound_alloc_total", "help", ["value"]).Bind("v");
        var histogram = pipeline.Registry.Histogram("bound_alloc_seconds", "help", ["value"]).Bind("v");
        var source = pipeline.Metrics.ForDataSource("coingecko", "/coins/markets");
        void RecordAll()
        {
            counter.Inc();
            histogram.Observe(0.2);
            source.RecordCacheMiss();
            source.RecordRequest("success", 0.1);
        }

        RecordAll();

        var rounds = AllocationRounds.Of(RecordAll);

        Assert.True(rounds.Min() == 0, "bytes allocated per round of 1000 records: " + string.Join(", ", rounds));
    }

    [Fact]
    public void A_data_sources_bound_series_scrape_as_the_labeled_helpers_do()
    {
        using var pipeline = new MetricsTestPipeline();
        var metrics = pipeline.Metrics;
        var bound = metrics.ForDataSource("coingecko", "/bound");
        foreach (var (status, seconds) in new[] { ("success", 0.1), ("failure", 3.0), ("success", 0.2), ("timeout", 9.0) })
        {
            metrics.RecordDataSourceRequest("coingecko", "/labeled", status);
            metrics.RecordDataSourceLatency("coingecko", "/labeled", seconds);
            bound.RecordRequest(status, seconds);
        }

        metrics.RecordCacheHit("coingecko", "/labeled");
        metrics.RecordCacheMiss("coingecko", "/labeled");
        metrics.RecordDataSourceError("coingecko", "/labeled", "timeout");
        bound.RecordCacheHit();
        bound.RecordCacheMiss();
        bound.RecordError("timeout");

        var lines = pipeline.Scrape().Split('\n').Where(l => l.StartsWith("data_source_", StringComparison.Ordinal)).ToList();
        var labeled = lines.Where(l => l.Contains("endpoint=\"/labeled\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(3 + HistogramBucketOptions.DefaultDataSourceLatency.Count + 3 + 3, labeled.Count); // 3 statuses, the histogram, hits, misses, one error series
        Assert.Equal(labeled.Select(l => l.Replace("/labeled", "/bound", StringComparison.Ordinal)), lines.Where(l => l.Contains("endpoint=\"/bound\"", StringComparison.Ordinal)));
    }
}
