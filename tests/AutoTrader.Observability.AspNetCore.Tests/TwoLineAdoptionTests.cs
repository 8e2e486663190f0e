using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AutoTrader.Observability.AspNetCore.Tests;

/// <summary>The two lines of the README and docs/library.md, run.</summary>
public sealed class TwoLineAdoptionTests
{
    [Fact]
    public async Task Two_lines_give_a_minimal_api_its_metrics_and_health_endpoints()
    {
        string[] args = ["--urls", "http://127.0.0.1:0"];

        #region snippet: two-line-adoption
        var builder = WebApplication.CreateBuilder(args);
        builder.AddAutoTraderObservability();

        var app = builder.Build();
        app.MapAutoTraderObservability();
        app.MapGet("/hello", () => "hello");
        #endregion

        await using (app)
        {
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var client = new HttpClient { BaseAddress = new Uri(address) };

            Assert.Equal("hello", await client.GetStringAsync("/hello"));
            Assert.Contains("api_requests_total{endpoint=\"/hello\",method=\"GET\",status_code=\"200\"} 1", await client.GetStringAsync("/metrics"), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task One_list_of_paths_is_left_out_of_spans_metrics_and_the_access_log()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddAutoTraderObservability(new Configuration.ObservabilityOptions(), Stream.Null);
        var app = builder.Build();

        #region snippet: excluded-paths
        app.MapAutoTraderObservability(web => web.ExcludedPaths.Add("/internal"));
        #endregion
        app.MapGet("/internal/state", () => "state");

        await using (app)
        {
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            await client.GetStringAsync("/internal/state");

            Assert.DoesNotContain("/internal", await client.GetStringAsync("/metrics"), StringComparison.Ordinal);
            await app.StopAsync();
        }
    }
}
