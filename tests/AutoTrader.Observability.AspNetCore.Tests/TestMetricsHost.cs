using System.Net;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.AspNetCore.Tests;

/// <summary>
/// A real Kestrel on 127.0.0.1 (free port) serving <c>MapAutoTraderMetrics(options.Metrics)</c>, over
/// TLS and behind authentication when <c>metrics.web</c> asks for them, and what the test adds.
/// </summary>
internal sealed class TestMetricsHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestMetricsHost(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
        Metrics = app.Services.GetRequiredService<AutoTraderMetrics>();
    }

    public Uri BaseAddress { get; }

    public Uri MetricsUri => new(BaseAddress, "/metrics");

    public AutoTraderMetrics Metrics { get; }

    /// <param name="options">The observability options; defaults when null.</param>
    /// <param name="configure">Middleware and endpoints of the test, added before the scrape endpoint.</param>
    public static async Task<TestMetricsHost> StartAsync(ObservabilityOptions? options = null, Action<WebApplication>? configure = null)
    {
        options ??= new ObservabilityOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAutoTraderMetrics(options);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseAutoTraderMetricsTls(options.Metrics)));
        var app = builder.Build();
        configure?.Invoke(app);
        app.MapAutoTraderMetrics(options.Metrics);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TestMetricsHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
