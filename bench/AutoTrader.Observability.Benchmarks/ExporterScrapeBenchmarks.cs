using AutoTrader.Observability.Metrics.Exposition;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Benchmarks;

/// <summary>
/// Issue 22 item 8: one scrape of N counter series by our serializer and by
/// OpenTelemetry.Exporter.Prometheus.AspNetCore, two readers of one MeterProvider, in the text and
/// OpenMetrics formats (ours is each category's baseline, so Ratio is exporter / ours). Ours is
/// <c>MetricsScraper.WriteAsync</c>, what our endpoint calls; the exporter is its scrape middleware
/// (public only through <c>UseOpenTelemetryPrometheusScrapingEndpoint</c>) called with an in-memory
/// request, configured to the catalog's names and without its response cache, so that every call
/// collects and serializes. Both write to a null stream.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ExporterScrapeBenchmarks
{
    private const string OpenMetricsAccept = "application/openmetrics-text; version=1.0.0";

    private MetricsBenchmarkPipeline pipeline = null!;
    private RequestDelegate exporter = null!;

    [Params(10_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        pipeline = new MetricsBenchmarkPipeline(cardinalityLimit: Series, addToProvider: metrics => metrics.AddPrometheusExporter(options =>
        {
            options.ScopeInfoEnabled = false;
            options.TranslationStrategy = PrometheusAspNetCoreTranslationStrategy.UnderscoreEscapingWithSuffixes;
            options.ScrapeResponseCacheDurationMilliseconds = 0;
        }));
        var app = new ApplicationBuilder(pipeline.Services);
        app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null, predicate: null, path: "/metrics", configureBranchedPipeline: null, optionsName: null);
        exporter = app.Build();

        pipeline.AddCounterSeries(Series);

        foreach (var format in new[] { ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics })
        {
            ScrapedSeries.Check(s => pipeline.Scraper.WriteAsync(s, format), Series);
        }

        ScrapedSeries.Check(s => ScrapeExporter(s, accept: null), Series);
        ScrapedSeries.Check(s => ScrapeExporter(s, OpenMetricsAccept), Series);
    }

    [GlobalCleanup]
    public void Cleanup() => pipeline.Dispose();

    [Benchmark(Baseline = true, Description = "ours MetricsScraper.WriteAsync")]
    [BenchmarkCategory("text")]
    public Task<bool> OursText() => pipeline.Scraper.WriteAsync(Stream.Null, ExpositionFormat.PrometheusText);

    [Benchmark(Description = "OpenTelemetry exporter middleware")]
    [BenchmarkCategory("text")]
    public Task ExporterText() => ScrapeExporter(Stream.Null, accept: null);

    [Benchmark(Baseline = true, Description = "ours MetricsScraper.WriteAsync")]
    [BenchmarkCategory("openmetrics")]
    public Task<bool> OursOpenMetrics() => pipeline.Scraper.WriteAsync(Stream.Null, ExpositionFormat.OpenMetrics);

    [Benchmark(Description = "OpenTelemetry exporter middleware")]
    [BenchmarkCategory("openmetrics")]
    public Task ExporterOpenMetrics() => ScrapeExporter(Stream.Null, OpenMetricsAccept);

    private Task ScrapeExporter(Stream body, string? accept)
    {
        var context = new DefaultHttpContext { RequestServices = pipeline.Services };
        context.Request.Path = "/metrics";
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        context.Response.Body = body;
        return exporter(context);
    }
}
