using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics.Exposition;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AutoTrader.Observability.Benchmarks;

/// <summary>
/// What a native histogram costs beside the classic one: one observation into an existing series
/// (<c>RecordScanDuration</c>), and one protobuf scrape of 1,000 label sets with spread-out
/// latencies; the set-up prints each payload's size and the series a Prometheus stores.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class NativeHistogramBenchmarks
{
    private const int LabelSets = 1_000;
    private MetricsBenchmarkPipeline classic = null!;
    private MetricsBenchmarkPipeline native = null!;
    private double latency = 0.001;

    [GlobalSetup]
    public void Setup()
    {
        classic = new MetricsBenchmarkPipeline(cardinalityLimit: LabelSets * 2);
        native = new MetricsBenchmarkPipeline(cardinalityLimit: LabelSets * 2, nativeHistograms: new() { ["scan_duration_seconds"] = new NativeHistogramOptions() });
        var random = new Random(3);
        foreach (var pipeline in new[] { classic, native })
        {
            for (var i = 0; i < LabelSets * 20; i++)
            {
                pipeline.Metrics.RecordScanDuration("TOKEN" + (i % LabelSets), Math.Exp((random.NextDouble() * 8) - 4), "success");
            }

            using var payload = new MemoryStream();
            pipeline.Scraper.WriteAsync(payload, ExpositionFormat.Protobuf).GetAwaiter().GetResult();
            Console.WriteLine($"// payload: {LabelSets} label sets, {(pipeline == native ? "classic + native" : "classic")}: {payload.Length} bytes");
        }

        Console.WriteLine($"// series stored per label set: classic {HistogramBucketOptions.DefaultScanDuration.Count + 3}, native 1");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        classic.Dispose();
        native.Dispose();
    }

    [BenchmarkCategory("Record"), Benchmark(Baseline = true, Description = "classic")]
    public void RecordClassic() => classic.Metrics.RecordScanDuration("TOKEN1", NextLatency(), "success");

    [BenchmarkCategory("Record"), Benchmark(Description = "classic + native")]
    public void RecordNative() => native.Metrics.RecordScanDuration("TOKEN1", NextLatency(), "success");

    [BenchmarkCategory("Scrape"), Benchmark(Baseline = true, Description = "classic")]
    public Task<bool> ScrapeClassic() => classic.Scraper.WriteAsync(Stream.Null, ExpositionFormat.Protobuf);

    [BenchmarkCategory("Scrape"), Benchmark(Description = "classic + native")]
    public Task<bool> ScrapeNative() => native.Scraper.WriteAsync(Stream.Null, ExpositionFormat.Protobuf);

    // Latencies from 1 ms to about 3 s, so the observations land in different buckets.
    private double NextLatency()
    {
        latency = latency > 3 ? 0.001 : latency * 1.07;
        return latency;
    }
}
