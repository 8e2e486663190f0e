using System.Net;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AutoTrader.Observability.AspNetCore.Tests;

/// <summary>
/// A real Kestrel on 127.0.0.1 (free port) serving <c>MapAutoTraderObservability()</c>'s scrape, over
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
    /// <param name="configure">Middleware and endpoints of the test, added before <c>MapAutoTraderObservability</c>.</param>
    /// <param name="instrumentRequests">Whether requests get spans, the API metrics and access lines.</param>
    public static async Task<TestMetricsHost> StartAsync(ObservabilityOptions? options = null, Action<WebApplication>? configure = null, bool instrumentRequests = false)
    {
        options ??= new ObservabilityOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddAutoTraderObservability(options, Stream.Null);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseAutoTraderMetricsTls(options.Metrics)));
        var app = builder.Build();
        configure?.Invoke(app);
        app.MapAutoTraderObservability(web => web.InstrumentRequests = instrumentRequests);
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
