using System.Diagnostics;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tracing;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.Tests.Tracing;

[Collection(TracingTestGroup.Name)]
public sealed class HostRegistrationTests
{
    [Fact]
    public async Task A_host_with_AutoTrader_tracing_records_operations_with_the_configured_sampler()
    {
        var options = new ObservabilityOptions();
        options.Tracing.Sampling.Strategy = "always_on";
        var exported = new List<Activity>();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAutoTraderTracing(options, tracing => tracing.AddInMemoryExporter(exported));

        using (var host = builder.Build())
        {
            await host.StartAsync();
            using (AutoTraderTracing.TraceOperation("scan", ("token_symbol", "BTC")))
            {
            }

            await host.StopAsync();
        }

        var span = Assert.Single(exported, a => a.DisplayName == "scan");
        Assert.Equal("BTC", span.GetTagItem("token_symbol"));
    }
}
