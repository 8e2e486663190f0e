using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics.Exposition;

namespace AutoTrader.Observability.Tests.Metrics;

public sealed class NativeHistogramExpositionTests
{
    private static readonly double[] Latencies = Enumerable.Range(0, 2000).Select(i => 0.001 * Math.Pow(1.0047, i) * (1 + (i % 7 * 0.0003))).ToArray();

    [Fact]
    public async Task A_configured_histogram_carries_its_measurements_in_native_buckets_beside_the_classic_ones()
    {
        using var pipeline = new MetricsTestPipeline(NativeFor("scan_duration_seconds", maxBuckets: 160, maxScale: 8));
        foreach (var latency in Latencies)
        {
            pipeline.Metrics.RecordScanDuration("BTC", latency, "success");
        }

        pipeline.Metrics.RecordScanDuration("BTC", 0, "success");

        var histogram = ScanDuration(await ScrapeProtobufAsync(pipeline), "BTC");

        Assert.NotNull(histogram.Schema);
        var schema = histogram.Schema.Value;
        Assert.InRange(schema, -4, 8);
        Assert.True(histogram.ZeroThreshold > 0);
        Assert.Equal(1UL, histogram.ZeroCount);
        var buckets = histogram.NativeBuckets().Where(b => b.Value != 0).ToDictionary();
        Assert.InRange(histogram.NativeBuckets().Count, 1, 160);
        Assert.Equal(ExpectedBuckets(Latencies, schema), buckets);
        Assert.Equal((ulong)Latencies.Length + 1, histogram.SampleCount);
        Assert.Equal(Latencies.Sum(), histogram.SampleSum, 9);
        Assert.Equal((ulong)Latencies.Length + 1, histogram.Buckets[^1].CumulativeCount);
        Assert.Equal(HistogramBucketOptions.DefaultScanDuration.Count + 1, histogram.Buckets.Count);
    }

    [Fact]
    public async Task The_finest_scale_is_the_configured_one_and_a_narrow_range_keeps_it()
    {
        using var pipeline = new MetricsTestPipeline(NativeFor("scan_duration_seconds", maxBuckets: 160, maxScale: 3));
        pipeline.Metrics.RecordScanDuration("BTC", 1.5, "success");
        pipeline.Metrics.RecordScanDuration("BTC", 1.6, "success");

        var histogram = ScanDuration(await ScrapeProtobufAsync(pipeline), "BTC");

        Assert.Equal(3, histogram.Schema);
        Assert.Equal(ExpectedBuckets([1.5, 1.6], 3), histogram.NativeBuckets().Where(b => b.Value != 0).ToDictionary());
    }

    [Fact]
    public async Task A_wide_range_lowers_the_scale_to_stay_within_the_bucket_limit()
    {
        using var pipeline = new MetricsTestPipeline(NativeFor("scan_duration_seconds", maxBuckets: 20, maxScale: 8));
        foreach (var latency in Latencies)
        {
            pipeline.Metrics.RecordScanDuration("BTC", latency, "success");
        }

        var histogram = ScanDuration(await ScrapeProtobufAsync(pipeline), "BTC");

        var schema = histogram.Schema!.Value;
        Assert.True(schema < 8);
        var buckets = histogram.NativeBuckets();
        Assert.InRange(buckets.Keys.Max() - buckets.Keys.Min() + 1, 1, 20);
        Assert.Equal(ExpectedBuckets(Latencies, schema), buckets.Where(b => b.Value != 0).ToDictionary());
    }

    [Fact]
    public async Task Each_label_set_gets_the_native_buckets_of_its_own_measurements()
    {
        using var pipeline = new MetricsTestPipeline(NativeFor("scan_duration_seconds", maxBuckets: 160, maxScale: 4));
        pipeline.Metrics.RecordScanDuration("ETH", 7.5, "success");
        pipeline.Metrics.RecordScanDuration("BTC", 0.2, "success");
        pipeline.Metrics.RecordScanDuration("ETH", 9.0, "success");

        var payload = await ScrapeProtobufAsync(pipeline);

        Assert.Equal(ExpectedBuckets([0.2], 4), ScanDuration(payload, "BTC").NativeBuckets().Where(b => b.Value != 0).ToDictionary());
        Assert.Equal(ExpectedBuckets([7.5, 9.0], 4), ScanDuration(payload, "ETH").NativeBuckets().Where(b => b.Value != 0).ToDictionary());
    }

    [Fact]
    public async Task Measurements_no_native_bucket_holds_are_left_out_of_its_count_so_that_it_stays_valid()
    {
        using var pipeline = new MetricsTestPipeline(NativeFor("scan_duration_seconds", maxBuckets: 160, maxScale: 8));
        foreach (var value in new[] { -1, 2, double.PositiveInfinity, 0 })
        {
            pipeline.Metrics.RecordScanDuration("BTC", value, "success");
        }

        var histogram = ScanDuration(await ScrapeProtobufAsync(pipeline), "BTC");

        Assert.Equal(histogram.ZeroCount + (ulong)histogram.NativeBuckets().Values.Sum(), histogram.SampleCount);
        Assert.Equal(2UL, histogram.SampleCount);
        Assert.Equal(4UL, histogram.Buckets[^1].CumulativeCount);
    }

    [Fact]
    public async Task Label_sets_first_recorded_concurrently_still_get_their_own_native_buckets()
    {
        // Threads racing to record new label sets can order the two streams' points differently.
        using var pipeline = new MetricsTestPipeline(NativeFor("scan_duration_seconds", maxBuckets: 160, maxScale: 0));
        const int Threads = 8, PerThread = 100;
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
            {
                var n = (t * PerThread) + i;
                pipeline.Metrics.RecordScanDuration("T" + n, Math.Pow(2, (n % 20) + 0.5), "success");
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var family = ProtobufPayload.Decode(await ScrapeProtobufAsync(pipeline)).Single(f => f.Name == "scan_duration_seconds");

        Assert.Equal(Threads * PerThread, family.Metrics.Count);
        Assert.All(family.Metrics, metric =>
        {
            var n = int.Parse(metric.Labels.Single(l => l.Key == "token_symbol").Value[1..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(ExpectedBuckets([Math.Pow(2, (n % 20) + 0.5)], 0), metric.Histogram!.NativeBuckets().Where(b => b.Value != 0).ToDictionary());
        });
    }

    [Fact]
    public async Task Histograms_not_configured_stay_classic()
    {
        using var pipeline = new MetricsTestPipeline(NativeFor("scan_duration_seconds", maxBuckets: 160, maxScale: 8));
        pipeline.Metrics.RecordApiDuration("GET", "/api/tokens", 0.3);

        var families = ProtobufPayload.Decode(await ScrapeProtobufAsync(pipeline));

        var histogram = Assert.Single(families.Single(f => f.Name == "api_request_duration_seconds").Metrics).Histogram!;
        Assert.Null(histogram.Schema);
        Assert.Empty(histogram.PositiveSpans);
        Assert.DoesNotContain(families, f => f.Name.Contains("native", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ExpositionFormat.PrometheusText)]
    [InlineData(ExpositionFormat.OpenMetrics)]
    public void The_text_formats_are_byte_for_byte_those_without_native_histograms(ExpositionFormat format)
    {
        using var classic = new MetricsTestPipeline();
        using var native = new MetricsTestPipeline(NativeFor("scan_duration_seconds", maxBuckets: 160, maxScale: 8));
        foreach (var pipeline in new[] { classic, native })
        {
            pipeline.Metrics.RecordScanDuration("BTC", 0.7, "success");
            pipeline.Metrics.RecordScanDuration("BTC", 31, "failure");
        }

        var text = WithoutRuntimeMetrics(native.Scrape(format));

        Assert.Contains("scan_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Equal(WithoutRuntimeMetrics(classic.Scrape(format)), text);
    }

    /// <summary>The payload without the process's own <c>dotnet_*</c> families, which move between two scrapes.</summary>
    private static string WithoutRuntimeMetrics(string payload) =>
        string.Join('\n', payload.Split('\n').Where(line => !line.Contains("dotnet_", StringComparison.Ordinal)));

    /// <summary>
    /// Prometheus's bucket of each value: at schema s, bucket i holds (2^((i-1)/2^s), 2^(i/2^s)],
    /// computed here from that definition, apart from the writer's index arithmetic.
    /// </summary>
    private static Dictionary<int, long> ExpectedBuckets(IEnumerable<double> values, int schema)
    {
        var buckets = new Dictionary<int, long>();
        foreach (var value in values)
        {
            var index = (int)Math.Ceiling(Math.Log2(value) * Math.Pow(2, schema));
            Assert.True(Math.Pow(2, (index - 1) / Math.Pow(2, schema)) < value && value <= Math.Pow(2, index / Math.Pow(2, schema)), $"{value} is too close to a bucket boundary for this test");
            buckets[index] = buckets.GetValueOrDefault(index) + 1;
        }

        return buckets;
    }

    private static ObservabilityOptions NativeFor(string metric, int maxBuckets, int maxScale) => new()
    {
        Metrics = new MetricsOptions
        {
            Histograms = new HistogramBucketOptions { Native = new() { [metric] = new NativeHistogramOptions { MaxBuckets = maxBuckets, MaxScale = maxScale } } },
        },
    };

    private static ProtobufPayload.Histogram ScanDuration(byte[] payload, string token) =>
        ProtobufPayload.Decode(payload).Single(f => f.Name == "scan_duration_seconds").Metrics
            .Single(m => m.Labels.Contains(new("token_symbol", token))).Histogram!;

    private static async Task<byte[]> ScrapeProtobufAsync(MetricsTestPipeline pipeline)
    {
        using var payload = new MemoryStream();
        Assert.True(await pipeline.Scraper.WriteAsync(payload, ExpositionFormat.Protobuf));
        return payload.ToArray();
    }
}
