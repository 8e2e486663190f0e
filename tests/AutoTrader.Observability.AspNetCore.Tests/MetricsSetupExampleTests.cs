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

/// <summary>The guide's set-up snippet, run.</summary>
public sealed class MetricsSetupExampleTests
{
    [Fact]
    public async Task Setup_example_serves_metrics_recorded_through_the_injected_helpers()
    {
        var options = ObservabilityConfiguration.LoadYaml(null, environment: new Dictionary<string, string>());

        #region snippet: metrics-setup
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddAutoTraderObservability(options);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

        var app = builder.Build();
        app.MapAutoTraderObservability();
        await app.StartAsync();

        // Anywhere in the application: take AutoTraderMetrics from DI and record.
        var metrics = app.Services.GetRequiredService<AutoTraderMetrics>();
        metrics.RecordScanRequest("BTC", "success");
        #endregion

        await using (app)
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var client = new HttpClient();
            var body = await client.GetStringAsync(address + "/metrics");
            Assert.Contains("scan_requests_total{status=\"success\",token_symbol=\"BTC\"} 1\n", body, StringComparison.Ordinal);
            await app.StopAsync();
        }
    }
}
