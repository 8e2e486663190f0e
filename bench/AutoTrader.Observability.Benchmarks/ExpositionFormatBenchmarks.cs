using AutoTrader.Observability.Metrics.Exposition;
using BenchmarkDotNet.Attributes;

namespace AutoTrader.Observability.Benchmarks;

/// <summary>
/// One scrape of N counter series in each exposition format, to a null stream; the set-up prints
/// each format's payload size.
/// </summary>
[MemoryDiagnoser]
public class ExpositionFormatBenchmarks
{
    private MetricsBenchmarkPipeline ours = null!;

    [Params(1_000, 10_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        ours = new MetricsBenchmarkPipeline(cardinalityLimit: Series);
        ours.AddCounterSeries(Series);
        foreach (var format in Enum.GetValues<ExpositionFormat>())
        {
            using var payload = new MemoryStream();
            ours.Scraper.WriteAsync(payload, format).GetAwaiter().GetResult();
            Console.WriteLine($"// payload: {Series} series, {format}: {payload.Length} bytes");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => ours.Dispose();

    [Benchmark(Baseline = true, Description = "text 0.0.4")]
    public Task<bool> Text() => ours.Scraper.WriteAsync(Stream.Null, ExpositionFormat.PrometheusText);

    [Benchmark(Description = "OpenMetrics")]
    public Task<bool> OpenMetrics() => ours.Scraper.WriteAsync(Stream.Null, ExpositionFormat.OpenMetrics);

    [Benchmark(Description = "protobuf")]
    public Task<bool> Protobuf() => ours.Scraper.WriteAsync(Stream.Null, ExpositionFormat.Protobuf);
}
