using AutoTrader.Observability.Metrics;
using AutoTrader.Observability.Metrics.Exposition;
using BenchmarkDotNet.Attributes;

namespace AutoTrader.Observability.Benchmarks;

/// <summary>
/// One scrape (Prometheus text format, written to a null stream) of N counter series: our OTel
/// reader + serializer against prometheus-net's registry export (neither with runtime metrics).
/// </summary>
[MemoryDiagnoser]
public class MetricScrapeBenchmarks
{
    private MetricsBenchmarkPipeline ours = null!;
    private Prometheus.CollectorRegistry promRegistry = null!;

    [Params(1_000, 10_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        ours = new MetricsBenchmarkPipeline(cardinalityLimit: Series);
        var counter = ours.Metrics.Registry.Counter("bench_requests_total", "Benchmark requests", ["token_symbol", "status"]);

        promRegistry = Prometheus.Metrics.NewCustomRegistry();
        var promCounter = Prometheus.Metrics.WithCustomRegistry(promRegistry)
            .CreateCounter("bench_requests_total", "Benchmark requests", new Prometheus.CounterConfiguration { LabelNames = ["token_symbol", "status"] });

        for (var i = 0; i < Series; i++)
        {
            var token = "TOKEN" + i;
            counter.Add(i, token, "success");
            promCounter.WithLabels(token, "success").Inc(i);
        }

        ScrapedSeries.Check(s => ours.Scraper.WriteAsync(s, ExpositionFormat.PrometheusText), Series);
        ScrapedSeries.Check(s => promRegistry.CollectAndExportAsTextAsync(s), Series);
    }

    [GlobalCleanup]
    public void Cleanup() => ours.Dispose();

    [Benchmark(Baseline = true, Description = "prometheus-net CollectAndExportAsTextAsync")]
    public Task ScrapePrometheusNet() => promRegistry.CollectAndExportAsTextAsync(Stream.Null);

    [Benchmark(Description = "ours MetricsScraper.WriteAsync")]
    public Task<bool> ScrapeOurs() => ours.Scraper.WriteAsync(Stream.Null, ExpositionFormat.PrometheusText);
}
