using System.Globalization;
using AutoTrader.Observability.Configuration;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace AutoTrader.Observability.AspNetCore.Tests;

/// <summary>
/// A real Prometheus with native histograms on stores a configured histogram as one native series
/// and answers quantiles within the schema's error bound; one without them stores the classic series.
/// </summary>
public sealed class NativeHistogramPrometheusTests(ITestOutputHelper output)
{
    // At schema 3 a bucket's bounds differ by 2^(1/8): a quantile lands in the true value's bucket.
    private const int Schema = 3;
    private const string Series = "scan_duration_seconds{job=\"autotrader\",token_symbol=\"BTC\"}";

    [Fact]
    public async Task Prometheus_answers_quantiles_counts_and_sums_of_a_native_histogram()
    {
        var options = new ObservabilityOptions();
        options.Metrics.Histograms.Native = new() { ["scan_duration_seconds"] = new NativeHistogramOptions { MaxScale = Schema } };
        await using var host = await TestMetricsHost.StartAsync(options);
        var job = $"""
              - job_name: autotrader
                static_configs:
                  - targets: ['{host.BaseAddress.Authority}']

            """;
        await using var native = await RealPrometheus.StartAsync(output, job, features: ["native-histograms"]);
        await using var classic = await RealPrometheus.StartAsync(output, job);
        if (native is null || classic is null)
        {
            return;
        }

        // One measurement before the rest, so that rate() sees the rest as the increase.
        host.Metrics.RecordScanDuration("BTC", 1.0, "success");
        await UntilAsync(native, $"histogram_count({Series})", 1);
        var latencies = LogNormal(count: 2000, seed: 7);
        foreach (var latency in latencies)
        {
            host.Metrics.RecordScanDuration("BTC", latency, "success");
        }

        await UntilAsync(native, $"histogram_count({Series})", latencies.Length + 1);
        await UntilAsync(classic, $"scan_duration_seconds_count{{token_symbol=\"BTC\"}}", latencies.Length + 1);

        Assert.Equal(latencies.Sum() + 1.0, await ScalarAsync(native, $"histogram_sum({Series})"), 6);
        var sorted = latencies.Order().ToArray();
        var bound = Math.Pow(2, Math.Pow(2, -Schema));
        foreach (var q in new[] { 0.5, 0.95, 0.99 })
        {
            var truth = sorted[(int)Math.Ceiling(q * sorted.Length) - 1];
            var estimate = await ScalarAsync(native, $"histogram_quantile({q.ToString(CultureInfo.InvariantCulture)}, rate({Series}[1m]))");
            var classicEstimate = await ScalarAsync(classic, $"histogram_quantile({q.ToString(CultureInfo.InvariantCulture)}, rate(scan_duration_seconds_bucket{{token_symbol=\"BTC\"}}[1m]))");
            output.WriteLine($"q={q}: true {truth:G6}, native {estimate:G6} ({(estimate / truth) - 1:P2}), classic {classicEstimate:G6} ({(classicEstimate / truth) - 1:P2})");
            Assert.InRange(estimate / truth, 1 / bound, bound);
        }

        Assert.Equal(1, await ScalarAsync(native, "count({__name__=~\"scan_duration_seconds.*\",token_symbol=\"BTC\"})"));
        Assert.Equal(HistogramBucketOptions.DefaultScanDuration.Count + 3, await ScalarAsync(classic, "count({__name__=~\"scan_duration_seconds.*\",token_symbol=\"BTC\"})"));
    }

    /// <summary>Latencies around one second, log-normally spread over about two decades.</summary>
    private static double[] LogNormal(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => Math.Exp(0.8 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))
            .ToArray();
    }

    private static async Task<double> ScalarAsync(RealPrometheus prometheus, string promql) =>
        Assert.Single(await prometheus.QueryAsync(promql)).Value;

    private static async Task UntilAsync(RealPrometheus prometheus, string promql, double expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var last = double.NaN;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await prometheus.QueryAsync(promql) is [var sample])
                {
                    last = sample.Value;
                    if (last == expected)
                    {
                        return;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Prometheus is still starting.
            }

            await Task.Delay(250);
        }

        throw new XunitException($"PromQL `{promql}` was {last}, not {expected}, after 60 s");
    }
}
