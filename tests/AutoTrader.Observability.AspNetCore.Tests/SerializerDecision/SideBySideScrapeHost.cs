using System.Net;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.AspNetCore.Tests.SerializerDecision;

/// <summary>
/// One Kestrel, one MeterProvider, two readers of the same streams: our serializer at
/// <c>/metrics</c> and OpenTelemetry.Exporter.Prometheus.AspNetCore at <c>/otel-metrics</c>,
/// configured to the catalog's names (no scope labels, the translation that leaves them as they
/// are, no response cache). Requests are not instrumented, so scrapes change no series: whatever
/// differs between the two scrapes is the serializers' doing.
/// </summary>
internal sealed class SideBySideScrapeHost(WebApplication app) : IAsyncDisposable
{
    public AutoTraderMetrics Metrics => app.Services.GetRequiredService<AutoTraderMetrics>();

    public Uri BaseAddress => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    /// <summary>The scrape URI of <paramref name="serializer"/>.</summary>
    public Uri ScrapeUri(Serializer serializer) => new(BaseAddress, serializer == Serializer.Ours ? "/metrics" : "/otel-metrics");

    public static async Task<SideBySideScrapeHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddAutoTraderObservability(new ObservabilityOptions(), Stream.Null);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter(ConfigureToCatalogNames));
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapAutoTraderObservability(web => web.InstrumentRequests = false);
        app.MapPrometheusScrapingEndpoint("/otel-metrics");
        await app.StartAsync();
        return new SideBySideScrapeHost(app);
    }

    /// <summary>The exporter's options that make it print the catalog's names and label sets.</summary>
    public static void ConfigureToCatalogNames(PrometheusAspNetCoreOptions options)
    {
        options.ScopeInfoEnabled = false;
        // With suffixes: a catalog name already ends in its unit and _total, so it passes unchanged,
        // and OpenTelemetry-named meters (dotnet.gc.collections) get them as our serializer gives them.
        // Without suffixes, OpenMetrics counter families keep _total and prometheus_client refuses
        // the page ("Clashing name: api_errors_total").
        options.TranslationStrategy = PrometheusAspNetCoreTranslationStrategy.UnderscoreEscapingWithSuffixes;
        options.ScrapeResponseCacheDurationMilliseconds = 0;
    }

    /// <summary>Disposing the application stops Kestrel.</summary>
    public ValueTask DisposeAsync() => app.DisposeAsync();
}

/// <summary>Which serializer a scrape reads.</summary>
public enum Serializer
{
    Ours,
    OpenTelemetryExporter,
}
