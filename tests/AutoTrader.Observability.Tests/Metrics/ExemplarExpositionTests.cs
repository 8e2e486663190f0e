using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.RegularExpressions;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics.Exposition;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Tests.Metrics;

public sealed partial class ExemplarExpositionTests
{
    [Theory]
    [InlineData(0.004, "0.01")]
    [InlineData(0.25, "0.25")] // a bound belongs to its own bucket, as le says
    [InlineData(0.3, "0.5")]
    [InlineData(9, "+Inf")]
    public void A_histogram_observation_in_a_sampled_span_puts_its_trace_on_the_bucket_that_holds_the_value(double seconds, string le)
    {
        using var pipeline = new MetricsTestPipeline();
        using (var span = StartSpan(sampled: true))
        {
            pipeline.Metrics.RecordApiDuration("GET", "/api/tokens", seconds);
            var exemplar = Assert.Single(Exemplars(pipeline.Scrape(ExpositionFormat.OpenMetrics)));

            Assert.Equal($"api_request_duration_seconds_bucket{{endpoint=\"/api/tokens\",method=\"GET\",le=\"{le}\"}}", exemplar.Sample);
            Assert.Equal(span.TraceId.ToHexString(), exemplar.TraceId);
            Assert.Equal(span.SpanId.ToHexString(), exemplar.SpanId);
            Assert.Equal(seconds, exemplar.Value);
        }
    }

    [Fact]
    public void Each_bucket_shows_the_exemplar_of_its_own_range()
    {
        using var pipeline = new MetricsTestPipeline();
        using var fast = StartSpan(sampled: true);
        pipeline.Metrics.RecordApiDuration("GET", "/api/tokens", 0.03);
        fast.Stop();
        using var slow = StartSpan(sampled: true);
        pipeline.Metrics.RecordApiDuration("GET", "/api/tokens", 2);
        slow.Stop();

        var exemplars = Exemplars(pipeline.Scrape(ExpositionFormat.OpenMetrics)).ToDictionary(e => Le(e.Sample), e => e.TraceId);

        Assert.Equal(2, exemplars.Count);
        Assert.Equal(fast.TraceId.ToHexString(), exemplars["0.05"]);
        Assert.Equal(slow.TraceId.ToHexString(), exemplars["2.5"]);
    }

    [Fact]
    public void A_counter_increment_in_a_sampled_span_carries_its_trace_and_the_increment()
    {
        using var pipeline = new MetricsTestPipeline();
        using var span = StartSpan(sampled: true);
        pipeline.Metrics.RecordScanRequest("BTC", "success");
        pipeline.Metrics.RecordLlmCost("groq", "llama3-70b", 0.0015);

        var exemplars = Exemplars(pipeline.Scrape(ExpositionFormat.OpenMetrics));

        var scans = Assert.Single(exemplars, e => e.Sample.StartsWith("scan_requests_total{", StringComparison.Ordinal));
        Assert.Equal("scan_requests_total{status=\"success\",token_symbol=\"BTC\"} 1", scans.Sample + " " + scans.SampleValue);
        Assert.Equal(1, scans.Value);
        Assert.Equal(span.TraceId.ToHexString(), scans.TraceId);
        var cost = Assert.Single(exemplars, e => e.Sample.StartsWith("llm_cost_usd_total{", StringComparison.Ordinal));
        Assert.Equal(0.0015, cost.Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Measurements_outside_a_sampled_span_carry_no_exemplar(bool inUnsampledSpan)
    {
        using var pipeline = new MetricsTestPipeline();
        using (inUnsampledSpan ? StartSpan(sampled: false) : null)
        {
            pipeline.Metrics.RecordScanRequest("BTC", "success");
            pipeline.Metrics.RecordScanDuration("BTC", 0.7, "success");
        }

        var text = pipeline.Scrape(ExpositionFormat.OpenMetrics);

        Assert.Contains("scan_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Empty(Exemplars(text));
        Assert.DoesNotContain(" # {", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Exemplars_always_off_gives_no_exemplar_even_in_a_sampled_span()
    {
        using var pipeline = new MetricsTestPipeline(new ObservabilityOptions { Metrics = new MetricsOptions { Exemplars = "always_off" } });
        using var span = StartSpan(sampled: true);
        pipeline.Metrics.RecordScanRequest("BTC", "success");
        pipeline.Metrics.RecordScanDuration("BTC", 0.7, "success");

        var text = pipeline.Scrape(ExpositionFormat.OpenMetrics);

        Assert.Contains("scan_requests_total{status=\"success\",token_symbol=\"BTC\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" # {", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Prometheus_text_has_no_exemplar_and_the_same_bytes_with_exemplars_on_and_off()
    {
        using var on = new MetricsTestPipeline();
        using var off = new MetricsTestPipeline(new ObservabilityOptions { Metrics = new MetricsOptions { Exemplars = "always_off" } });
        using (StartSpan(sampled: true))
        {
            foreach (var pipeline in new[] { on, off })
            {
                pipeline.Metrics.RecordScanRequest("BTC", "success");
                pipeline.Metrics.RecordScanDuration("BTC", 0.7, "success");
                pipeline.Metrics.RecordApiDuration("GET", "/api/tokens", 0.03);
            }
        }

        Assert.NotEmpty(Exemplars(on.Scrape(ExpositionFormat.OpenMetrics)));
        var text = on.Scrape(ExpositionFormat.PrometheusText);
        Assert.DoesNotContain("#", string.Concat(text.Split('\n').Where(l => !l.StartsWith("# ", StringComparison.Ordinal))), StringComparison.Ordinal);
        Assert.Equal(Recorded(off.Scrape(ExpositionFormat.PrometheusText)), Recorded(text));

        // The runtime's own series (memory, GC) differ between two scrapes; the recorded families must not.
        static string Recorded(string payload) =>
            string.Join('\n', payload.Split('\n').Where(l => l.Contains("scan_", StringComparison.Ordinal) || l.Contains("api_request_duration", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_scrape_inside_a_sampled_span_gives_observable_instruments_no_exemplar()
    {
        using var pipeline = new MetricsTestPipeline();
        using var span = StartSpan(sampled: true);

        var text = pipeline.Scrape(ExpositionFormat.OpenMetrics);

        Assert.Contains("dotnet_gc_heap_total_allocated_bytes_total ", text, StringComparison.Ordinal);
        Assert.Contains("telemetry_dropped_total{", text, StringComparison.Ordinal);
        Assert.Empty(Exemplars(text));
        Assert.Same(span, Activity.Current);
    }

    [Fact]
    public void The_exemplar_timestamp_is_the_time_of_the_measurement_in_seconds_with_milliseconds()
    {
        using var pipeline = new MetricsTestPipeline();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using (StartSpan(sampled: true))
        {
            pipeline.Metrics.RecordScanDuration("BTC", 0.7, "success");
        }

        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var exemplar = Assert.Single(Exemplars(pipeline.Scrape(ExpositionFormat.OpenMetrics)));

        Assert.Matches(@"^\d{10}(\.\d{1,3})?$", exemplar.Timestamp);
        var milliseconds = (long)Math.Round(double.Parse(exemplar.Timestamp, CultureInfo.InvariantCulture) * 1000);
        Assert.InRange(milliseconds, before, after);
    }

    [Fact]
    public void The_overflow_series_carries_exemplars_too()
    {
        using var pipeline = new MetricsTestPipeline(new ObservabilityOptions { Metrics = new MetricsOptions { CardinalityLimit = 1 } });
        using var span = StartSpan(sampled: true);
        pipeline.Metrics.RecordScanRequest("BTC", "success");
        pipeline.Metrics.RecordScanRequest("ETH", "success");

        var exemplars = Exemplars(pipeline.Scrape(ExpositionFormat.OpenMetrics));

        Assert.Contains(exemplars, e => e.Sample == "scan_requests_total{status=\"__overflow__\",token_symbol=\"__overflow__\"}" && e.TraceId == span.TraceId.ToHexString());
        Assert.Contains(exemplars, e => e.Sample == "scan_requests_total{status=\"success\",token_symbol=\"BTC\"}");
    }

    [Fact]
    public void Integer_instruments_show_integer_exemplars_and_an_up_down_counter_none()
    {
        using var meter = new Meter("AutoTrader.Tests.Exemplars." + Guid.NewGuid().ToString("N"));
        var requests = meter.CreateCounter<long>("requests");
        var sizes = meter.CreateHistogram<long>("sizes");
        var queued = meter.CreateUpDownCounter<long>("queued");
        using var scraper = new MetricsScraper();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meter.Name)
            .SetExemplarFilter(ExemplarFilterType.TraceBased)
            .AddView("sizes", new ExplicitBucketHistogramConfiguration { Boundaries = [10, 100] })
            .AddReader(scraper.Reader)
            .Build();
        using (StartSpan(sampled: true))
        {
            requests.Add(3);
            sizes.Record(42);
            queued.Add(5);
        }

        var text = scraper.Scrape(ExpositionFormat.OpenMetrics);
        var exemplars = Exemplars(text);

        Assert.Equal(["requests_total", "sizes_bucket{le=\"100\"}"], exemplars.Select(e => e.Sample).Order(StringComparer.Ordinal));
        Assert.Equal("3", ExemplarValueText(text, "requests_total"));
        Assert.Equal("42", ExemplarValueText(text, "sizes_bucket"));
        Assert.Contains("queued 5\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exemplar_without_a_trace_is_left_out()
    {
        using var meter = new Meter("AutoTrader.Tests.Exemplars." + Guid.NewGuid().ToString("N"));
        var requests = meter.CreateCounter<long>("requests");
        using var scraper = new MetricsScraper();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meter.Name)
            .SetExemplarFilter(ExemplarFilterType.AlwaysOn) // keeps measurements outside any span too
            .AddReader(scraper.Reader)
            .Build();
        requests.Add(3);

        var text = scraper.Scrape(ExpositionFormat.OpenMetrics);

        Assert.Contains("requests_total 3\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" # {", text, StringComparison.Ordinal);
    }

    /// <summary>A span whose trace flags say sampled (or not), current until disposed.</summary>
    private static Activity StartSpan(bool sampled)
    {
        var activity = new Activity("exemplar-test") { ActivityTraceFlags = sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None };
        return activity.Start();
    }

    private static string Le(string sample) => LeLabel().Match(sample).Groups["le"].Value;

    private static string ExemplarValueText(string text, string samplePrefix) =>
        ExemplarLine().Matches(text).Single(m => m.Groups["sample"].Value.StartsWith(samplePrefix, StringComparison.Ordinal)).Groups["value"].Value;

    /// <summary>Every exemplar of an OpenMetrics payload; a line holding <c> # {</c> that is not one fails the test.</summary>
    private static List<ParsedExemplar> Exemplars(string text)
    {
        var lines = text.Split('\n').Where(l => !l.StartsWith('#') && l.Contains(" # ", StringComparison.Ordinal)).ToList();
        var exemplars = new List<ParsedExemplar>();
        foreach (var line in lines)
        {
            var match = ExemplarLine().Match(line);
            Assert.True(match.Success, "not an OpenMetrics exemplar: " + line);
            var labelSet = match.Groups["trace"].Value.Length + match.Groups["span"].Value.Length + "trace_id".Length + "span_id".Length;
            Assert.True(labelSet <= 128, "exemplar label set over 128 characters: " + line);
            exemplars.Add(new ParsedExemplar(
                match.Groups["sample"].Value,
                match.Groups["count"].Value,
                match.Groups["trace"].Value,
                match.Groups["span"].Value,
                double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture),
                match.Groups["ts"].Value));
        }

        return exemplars;
    }

    private sealed record ParsedExemplar(string Sample, string SampleValue, string TraceId, string SpanId, double Value, string Timestamp);

    [GeneratedRegex("""^(?<sample>[a-z_]+\{[^}]*\}|[a-z_]+) (?<count>\S+) # \{trace_id="(?<trace>[0-9a-f]{32})",span_id="(?<span>[0-9a-f]{16})"\} (?<value>\S+) (?<ts>\S+)$""", RegexOptions.Multiline)]
    private static partial Regex ExemplarLine();

    [GeneratedRegex("""le="(?<le>[^"]+)"}$""")]
    private static partial Regex LeLabel();
}
