using AutoTrader.Observability.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AutoTrader.Observability.AspNetCore.Tests.FrameworkMetrics;

/// <summary>
/// A <see cref="TestMetricsHost"/> that has served a route, a method the client invented, a path
/// no route matches and an exception, over a connection that then closed, with the framework
/// meters on or off: every framework family that such traffic makes has series.
/// </summary>
internal static class FrameworkTraffic
{
    public const string InventedMethod = "BREW";
    public const string UnroutedPath = "/no-such-route-91c2";

    public static async Task<TestMetricsHost> StartAsync(bool frameworkMeters = true, string route = "/items/{id}")
    {
        var options = new ObservabilityOptions();
        options.Metrics.FrameworkMeters = frameworkMeters;
        var host = await TestMetricsHost.StartAsync(options, app =>
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    return Task.CompletedTask;
                },
            });
            app.MapGet(route, () => "item");
            app.MapGet("/throws", string () => throw new InvalidOperationException("boom"));
        });

        var item = route.Replace("{id}", "1", StringComparison.Ordinal);
        using (var client = new HttpClient { BaseAddress = host.BaseAddress })
        {
            await client.GetAsync(item);
            await client.SendAsync(new HttpRequestMessage(new HttpMethod(InventedMethod), item));
            await client.GetAsync(UnroutedPath);
            await client.GetAsync("/throws");
        }

        return host;
    }

    /// <summary>Scrapes until <paramref name="expected"/> is on the page (a closed connection is counted once Kestrel has seen it close), at most 10 s.</summary>
    public static async Task<string> ScrapeUntilAsync(TestMetricsHost host, string expected)
    {
        using var client = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var page = await client.GetStringAsync(host.MetricsUri);
            if (page.Contains(expected, StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return page;
            }

            await Task.Delay(50);
        }
    }
}
