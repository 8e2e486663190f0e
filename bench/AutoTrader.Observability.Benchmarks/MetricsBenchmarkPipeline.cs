using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics;
using AutoTrader.Observability.Metrics.Exposition;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Benchmarks;

/// <summary>
/// Our metrics pipeline as <c>AddAutoTraderMetrics</c> builds it, without the .NET runtime meter
/// (its observable callbacks would add a fixed cost that prometheus-net's side does not pay).
/// </summary>
internal sealed class MetricsBenchmarkPipeline : IDisposable
{
    private readonly ServiceProvider services;

    public MetricsBenchmarkPipeline(int cardinalityLimit = 2000, string exemplars = "trace_based", Dictionary<string, NativeHistogramOptions>? nativeHistograms = null)
    {
        var options = new ObservabilityOptions { Metrics = new MetricsOptions { CardinalityLimit = cardinalityLimit, Exemplars = exemplars } };
        options.Metrics.Histograms.Native = nativeHistograms;
        services = new ServiceCollection().AddAutoTraderMetrics(options, includeRuntimeMetrics: false).Services.BuildServiceProvider();
        _ = services.GetRequiredService<MeterProvider>();
        Metrics = services.GetRequiredService<AutoTraderMetrics>();
        Scraper = services.GetRequiredService<MetricsScraper>();
    }

    public AutoTraderMetrics Metrics { get; }

    public MetricsScraper Scraper { get; }

    public void Dispose() => services.Dispose();
}
