using System.Diagnostics;
using System.Diagnostics.Metrics;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics.Exposition;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Benchmarks;

/// <summary>
/// One labeled counter increment, one histogram observation and one tracked request (the gauge up
/// and back down; existing series, two labels): our record helpers, raw OpenTelemetry instruments,
/// and prometheus-net. The Request category is all an API request records (tracked, counted with
/// its status code, its duration observed), with each library's way of keeping a route's series:
/// our <c>ForApiEndpoint</c>, prometheus-net's children, OpenTelemetry's tags built once. The
/// BoundCounter and BoundHistogram categories record into one series whose labels were given once:
/// our bound series (<c>Bind</c>), prometheus-net's child, raw OpenTelemetry with its tags built once.
/// Each runs with exemplars off and trace-based (ours through <c>metrics.exemplars</c>, raw
/// OpenTelemetry with the same SDK filter), outside any span and inside a sampled one, where
/// trace-based exemplars are offered to the SDK's reservoir.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MetricRecordBenchmarks
{
    private MetricsBenchmarkPipeline ours = null!;
    private Meter rawMeter = null!;
    private MeterProvider rawProvider = null!;
    private MetricsScraper rawScraper = null!;
    private Counter<double> rawCounter = null!;
    private Histogram<double> rawHistogram = null!;
    private UpDownCounter<long> rawActive = null!;
    private Counter<double> rawRequests = null!;
    private KeyValuePair<string, object?>[] rawRouteTags = null!;
    private KeyValuePair<string, object?>[] rawRequestTags = null!;
    private KeyValuePair<string, object?>[] rawScanTags = null!;
    private AutoTrader.Observability.Metrics.BoundCounter oursBoundCounter = null!;
    private AutoTrader.Observability.Metrics.BoundHistogram oursBoundHistogram = null!;
    private Prometheus.Counter.Child promCounterChild = null!;
    private AutoTrader.Observability.Metrics.ApiEndpointMetrics oursRoute = null!;
    private Prometheus.Counter.Child promRequestsChild = null!;
    private Prometheus.Histogram.Child promDurationChild = null!;
    private Prometheus.Gauge.Child promActiveChild = null!;
    private Prometheus.Counter promCounter = null!;
    private Prometheus.Histogram promHistogram = null!;
    private Prometheus.Gauge promActive = null!;
    private Activity? span;

    /// <summary><c>metrics.exemplars</c>, and the SDK filter of the raw OpenTelemetry provider.</summary>
    [Params("always_off", "trace_based")]
    public string Exemplars { get; set; } = "trace_based";

    /// <summary>Whether every record runs inside a sampled span (the current activity, started in the set-up).</summary>
    [Params(false, true)]
    public bool InSampledSpan { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        ours = new MetricsBenchmarkPipeline(exemplars: Exemplars);

        rawMeter = new Meter("Bench.Raw");
        rawCounter = rawMeter.CreateCounter<double>("scan_requests_total");
        rawHistogram = rawMeter.CreateHistogram<double>("api_request_duration_seconds");
        rawActive = rawMeter.CreateUpDownCounter<long>("active_api_requests");
        rawRequests = rawMeter.CreateCounter<double>("api_requests_total");
        rawRouteTags = [new("method", "GET"), new("endpoint", "/api/tokens")];
        rawRequestTags = [.. rawRouteTags, new("status_code", "200")];
        rawScanTags = [new("token_symbol", "BTC"), new("status", "success")];
        oursRoute = ours.Metrics.ForApiEndpoint("GET", "/api/tokens");
        oursBoundCounter = ours.Metrics.Registry.Counter("scan_requests_total", "Total scan requests", ["token_symbol", "status"]).Bind("BTC", "success");
        oursBoundHistogram = ours.Metrics.Registry.Histogram(
            "api_request_duration_seconds", "API request duration in seconds", ["method", "endpoint"], HistogramBucketOptions.DefaultApiLatency).Bind("GET", "/api/tokens");
        rawScraper = new MetricsScraper();
        rawProvider = Sdk.CreateMeterProviderBuilder()
            .AddMeter("Bench.Raw")
            .SetExemplarFilter(Exemplars == "always_off" ? ExemplarFilterType.AlwaysOff : ExemplarFilterType.TraceBased)
            .AddView("api_request_duration_seconds", new ExplicitBucketHistogramConfiguration { Boundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] })
            .AddReader(rawScraper.Reader)
            .Build();

        var registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        promCounter = factory.CreateCounter("scan_requests_total", "Total scan requests", new Prometheus.CounterConfiguration { LabelNames = ["token_symbol", "status"] });
        promHistogram = factory.CreateHistogram("api_request_duration_seconds", "API request duration", new Prometheus.HistogramConfiguration
        {
            LabelNames = ["method", "endpoint"],
            Buckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        });
        promActive = factory.CreateGauge("active_api_requests", "Active API requests", ["method", "endpoint"]);
        promRequestsChild = factory.CreateCounter("api_requests_total", "Total API requests", ["method", "endpoint", "status_code"]).WithLabels("GET", "/api/tokens", "200");
        promDurationChild = promHistogram.WithLabels("GET", "/api/tokens");
        promCounterChild = promCounter.WithLabels("BTC", "success");
        promActiveChild = promActive.WithLabels("GET", "/api/tokens");

        // The workload runs on this thread after the set-up, so the span stays current for it.
        span = InSampledSpan ? new Activity("benchmark") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start() : null;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // What was measured must be what the parameters say: exemplars exactly when trace-based inside a sampled span.
        var expected = Exemplars == "trace_based" && InSampledSpan;
        foreach (var (name, scraper) in new[] { ("ours", ours.Scraper), ("raw OpenTelemetry", rawScraper) })
        {
            var payload = scraper.Scrape(ExpositionFormat.OpenMetrics);
            var recorded = new[] { "scan_requests_total{", "api_requests_total{", "api_request_duration_seconds_bucket{" }.Any(s => payload.Contains(s, StringComparison.Ordinal));
            if (recorded && payload.Contains(" # {trace_id=", StringComparison.Ordinal) != expected)
            {
                throw new InvalidOperationException($"{name}: exemplars {(expected ? "missing" : "present")} with exemplars={Exemplars}, in sampled span={InSampledSpan}");
            }
        }

        span?.Dispose();
        ours.Dispose();
        rawProvider.Dispose();
        rawScraper.Dispose();
        rawMeter.Dispose();
    }

    [BenchmarkCategory("Counter"), Benchmark(Baseline = true, Description = "raw OTel Counter<double>.Add")]
    public void CounterRawOpenTelemetry() =>
        rawCounter.Add(1, new KeyValuePair<string, object?>("token_symbol", "BTC"), new KeyValuePair<string, object?>("status", "success"));

    [BenchmarkCategory("Counter"), Benchmark(Description = "ours RecordScanRequest")]
    public void CounterOurs() => ours.Metrics.RecordScanRequest("BTC", "success");

    [BenchmarkCategory("Counter"), Benchmark(Description = "prometheus-net WithLabels().Inc()")]
    public void CounterPrometheusNet() => promCounter.WithLabels("BTC", "success").Inc();

    [BenchmarkCategory("Histogram"), Benchmark(Baseline = true, Description = "raw OTel Histogram<double>.Record")]
    public void HistogramRawOpenTelemetry() =>
        rawHistogram.Record(0.123, new KeyValuePair<string, object?>("method", "GET"), new KeyValuePair<string, object?>("endpoint", "/api/tokens"));

    [BenchmarkCategory("Histogram"), Benchmark(Description = "ours RecordApiDuration")]
    public void HistogramOurs() => ours.Metrics.RecordApiDuration("GET", "/api/tokens", 0.123);

    [BenchmarkCategory("Histogram"), Benchmark(Description = "prometheus-net WithLabels().Observe()")]
    public void HistogramPrometheusNet() => promHistogram.WithLabels("GET", "/api/tokens").Observe(0.123);

    [BenchmarkCategory("BoundCounter"), Benchmark(Baseline = true, Description = "raw OTel Counter<double>.Add, tags built once")]
    public void BoundCounterRawOpenTelemetry() => rawCounter.Add(1, rawScanTags);

    [BenchmarkCategory("BoundCounter"), Benchmark(Description = "ours BoundCounter.Inc")]
    public void BoundCounterOurs() => oursBoundCounter.Inc();

    [BenchmarkCategory("BoundCounter"), Benchmark(Description = "prometheus-net child Inc()")]
    public void BoundCounterPrometheusNet() => promCounterChild.Inc();

    [BenchmarkCategory("BoundHistogram"), Benchmark(Baseline = true, Description = "raw OTel Histogram<double>.Record, tags built once")]
    public void BoundHistogramRawOpenTelemetry() => rawHistogram.Record(0.123, rawRouteTags);

    [BenchmarkCategory("BoundHistogram"), Benchmark(Description = "ours BoundHistogram.Observe")]
    public void BoundHistogramOurs() => oursBoundHistogram.Observe(0.123);

    [BenchmarkCategory("BoundHistogram"), Benchmark(Description = "prometheus-net child Observe()")]
    public void BoundHistogramPrometheusNet() => promDurationChild.Observe(0.123);

    [BenchmarkCategory("ActiveRequest"), Benchmark(Baseline = true, Description = "raw OTel UpDownCounter<long>.Add(+1, -1)")]
    public void ActiveRequestRawOpenTelemetry()
    {
        var method = new KeyValuePair<string, object?>("method", "GET");
        var endpoint = new KeyValuePair<string, object?>("endpoint", "/api/tokens");
        rawActive.Add(1, method, endpoint);
        rawActive.Add(-1, method, endpoint);
    }

    [BenchmarkCategory("ActiveRequest"), Benchmark(Description = "ours TrackActiveRequest + Dispose")]
    public void ActiveRequestOurs()
    {
        using var tracker = ours.Metrics.TrackActiveRequest("GET", "/api/tokens");
    }

    [BenchmarkCategory("ActiveRequest"), Benchmark(Description = "prometheus-net WithLabels().Inc(), Dec()")]
    public void ActiveRequestPrometheusNet()
    {
        var gauge = promActive.WithLabels("GET", "/api/tokens");
        gauge.Inc();
        gauge.Dec();
    }

    [BenchmarkCategory("Request"), Benchmark(Baseline = true, Description = "raw OTel, tags built once")]
    public void RequestRawOpenTelemetry()
    {
        rawActive.Add(1, rawRouteTags);
        rawActive.Add(-1, rawRouteTags);
        rawRequests.Add(1, rawRequestTags);
        rawHistogram.Record(0.004, rawRouteTags);
    }

    [BenchmarkCategory("Request"), Benchmark(Description = "ours, labeled helpers")]
    public void RequestOursLabeled()
    {
        using (ours.Metrics.TrackActiveRequest("GET", "/api/tokens"))
        {
        }

        ours.Metrics.RecordApiRequest("GET", "/api/tokens", 200);
        ours.Metrics.RecordApiDuration("GET", "/api/tokens", 0.004);
    }

    [BenchmarkCategory("Request"), Benchmark(Description = "ours, ForApiEndpoint")]
    public void RequestOursResolved()
    {
        using (oursRoute.TrackActiveRequest())
        {
        }

        oursRoute.RecordRequest(200, 0.004);
    }

    [BenchmarkCategory("Request"), Benchmark(Description = "prometheus-net, children kept")]
    public void RequestPrometheusNet()
    {
        promActiveChild.Inc();
        promActiveChild.Dec();
        promRequestsChild.Inc();
        promDurationChild.Observe(0.004);
    }
}
