using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics;
using AutoTrader.Observability.Metrics.Exposition;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Benchmarks;

/// <summary>
/// Our metrics pipeline as <c>AddAutoTraderMetrics</c> builds it, without the .NET runtime meter
/// (its observable callbacks would add a fixed cost that prometheus-net's side does not pay).
/// </summary>
internal sealed class MetricsBenchmarkPipeline : IDisposable
{
    private readonly ServiceProvider services;

    /// <param name="cardinalityLimit">metrics.cardinality_limit.</param>
    /// <param name="exemplars">metrics.exemplars.</param>
    /// <param name="addToProvider">More readers on the same MeterProvider (a peer exporter reading the same streams).</param>
    /// <param name="nativeHistograms">metrics.histograms.native.</param>
    public MetricsBenchmarkPipeline(int cardinalityLimit = 2000, string exemplars = "trace_based", Action<MeterProviderBuilder>? addToProvider = null, Dictionary<string, NativeHistogramOptions>? nativeHistograms = null)
    {
        var options = new ObservabilityOptions { Metrics = new MetricsOptions { CardinalityLimit = cardinalityLimit, Exemplars = exemplars } };
        options.Metrics.Histograms.Native = nativeHistograms;
        var builder = new ServiceCollection().AddAutoTraderMetrics(options, includeRuntimeMetrics: false);
        if (addToProvider is not null)
        {
            builder.WithMetrics(addToProvider);
        }

        services = builder.Services.BuildServiceProvider();
        _ = services.GetRequiredService<MeterProvider>();
        Metrics = services.GetRequiredService<AutoTraderMetrics>();
        Scraper = services.GetRequiredService<MetricsScraper>();
    }

    public AutoTraderMetrics Metrics { get; }

    public MetricsScraper Scraper { get; }

    public IServiceProvider Services => services;

    /// <summary>Records <paramref name="series"/> series of the counter <c>bench_requests_total</c> (what <see cref="ScrapedSeries"/> counts).</summary>
    public void AddCounterSeries(int series)
    {
        var counter = Metrics.Registry.Counter("bench_requests_total", "Benchmark requests", ["token_symbol", "status"]);
        for (var i = 0; i < series; i++)
        {
            counter.Add(i, "TOKEN" + i, "success");
        }
    }

    public void Dispose() => services.Dispose();
}
