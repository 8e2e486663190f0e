using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics;
using AutoTrader.Observability.Metrics.Exposition;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Tests.Metrics;

/// <summary>The real pipeline of <c>AddAutoTraderMetrics</c> in a service provider of its own.</summary>
internal sealed class MetricsTestPipeline : IDisposable
{
    private readonly ServiceProvider services;

    public MetricsTestPipeline(ObservabilityOptions? options = null, Action<IServiceCollection>? configure = null)
    {
        var collection = new ServiceCollection();
        configure?.Invoke(collection);
        collection.AddAutoTraderMetrics(options ?? new ObservabilityOptions());
        services = collection.BuildServiceProvider();
        _ = services.GetRequiredService<MeterProvider>();
        Metrics = services.GetRequiredService<AutoTraderMetrics>();
        Scraper = services.GetRequiredService<MetricsScraper>();
    }

    public AutoTraderMetrics Metrics { get; }

    public MetricRegistry Registry => Metrics.Registry;

    public MetricsScraper Scraper { get; }

    public string Scrape(ExpositionFormat format = ExpositionFormat.PrometheusText) => Scraper.Scrape(format);

    public void Dispose() => services.Dispose();
}
