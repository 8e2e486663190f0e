using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.AspNetCore.Tests;

/// <summary><c>builder.AddAutoTraderObservability()</c> and <c>app.MapAutoTraderObservability()</c>, the two calls a service makes.</summary>
public sealed class ObservabilityWebApplicationTests
{
    [Fact]
    public async Task One_exclusion_list_leaves_a_path_out_of_the_spans_the_api_metrics_and_the_access_log_alike()
    {
        var served = await ServeAsync(
            web => web.ExcludedPaths.Add("/internal"),
            async client =>
            {
                await client.GetAsync("items/1");
                await client.GetAsync("internal/state");
                await client.GetAsync("health");
                await client.GetAsync("alive");
            });

        Assert.Equal(["/items/{id}"], served.Spans.Select(s => (string)s.GetTagItem("http.route")!));
        Assert.Equal(["/items/{id}"], served.AccessLines().Select(l => l.GetProperty("route").GetString()));
        Assert.Equal(["/items/{id}"], served.ApiRequestEndpoints());
    }

    [Fact]
    public async Task A_path_taken_off_the_exclusion_list_is_observed_by_all_three()
    {
        var served = await ServeAsync(web => web.ExcludedPaths.Remove("/health"), async client => await client.GetAsync("health"));

        Assert.Equal(["/health"], served.Spans.Select(s => (string)s.GetTagItem("http.route")!));
        Assert.Equal(["/health"], served.AccessLines().Select(l => l.GetProperty("route").GetString()));
        Assert.Equal(["/health"], served.ApiRequestEndpoints());
    }

    [Fact]
    public async Task The_exception_handler_runs_inside_the_request_span_and_outside_routing_and_the_api_metrics()
    {
        var served = await ServeAsync(
            web => web.ExceptionHandler = context =>
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Test").Info("handled");
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return Task.CompletedTask;
            },
            async client => Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync("throws")).StatusCode));

        var span = Assert.Single(served.Spans);
        var handled = Assert.Single(served.Lines, l => l.GetProperty("event").GetString() == "handled");
        Assert.Equal(span.TraceId.ToHexString(), handled.GetProperty("trace_id").GetString());
        Assert.Equal("500", span.GetTagItem("error.type")); // the span saw the handler's answer, not the exception
        var access = Assert.Single(served.AccessLines());
        Assert.Equal("/throws", access.GetProperty("route").GetString());
        Assert.Equal(500, access.GetProperty("status_code").GetInt32());
        Assert.Contains("api_errors_total{endpoint=\"/throws\",error_type=\"InvalidOperationException\",method=\"GET\"} 1", served.Scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_endpoint_reports_the_listeners_and_the_applications_own_checks()
    {
        var healthy = await ServeAsync(null, async client => Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("health")).StatusCode), health: HealthCheckResult.Degraded("slow"));
        var unhealthy = await ServeAsync(null, async client => Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("health")).StatusCode), health: HealthCheckResult.Unhealthy("down"));

        var checks = JsonDocument.Parse(healthy.Health!).RootElement.GetProperty("checks");
        Assert.Equal("healthy", checks.GetProperty("listeners").GetProperty("status").GetString());
        Assert.Equal("degraded", checks.GetProperty("own").GetProperty("status").GetString());
        Assert.Equal("down", JsonDocument.Parse(unhealthy.Health!).RootElement.GetProperty("checks").GetProperty("own").GetProperty("description").GetString());
    }

    [Fact]
    public void Mapping_without_the_builder_call_says_which_call_is_missing()
    {
        var app = WebApplication.CreateSlimBuilder().Build();

        var e = Assert.Throws<InvalidOperationException>(() => app.MapAutoTraderObservability());

        Assert.Contains("builder.AddAutoTraderObservability()", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_core_library_opens_its_internals_to_no_package()
    {
        var friends = typeof(ObservabilityOptions).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName);

        Assert.DoesNotContain(friends, name => !name.EndsWith(".Tests", StringComparison.Ordinal) && !name.EndsWith(".Benchmarks", StringComparison.Ordinal));
    }

    private sealed record Served(List<JsonElement> Lines, List<Activity> Spans, string Scrape, string? Health)
    {
        public List<JsonElement> AccessLines() => [.. Lines.Where(l => l.GetProperty("event").GetString() == "http_request")];

        public List<string> ApiRequestEndpoints() =>
        [
            .. Scrape.Split('\n')
                .Where(l => l.StartsWith("api_requests_total{", StringComparison.Ordinal))
                .Select(l => l.Split("endpoint=\"")[1].Split('"')[0]),
        ];
    }

    private static async Task<Served> ServeAsync(Action<AutoTraderWebOptions>? configure, Func<HttpClient, Task> requests, HealthCheckResult? health = null)
    {
        var options = new ObservabilityOptions();
        options.Tracing.Sampling.Strategy = "always_on";
        var output = new MemoryStream();
        var spans = new List<Activity>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddAutoTraderObservability(options, output);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
        if (health is { } result)
        {
            builder.Services.AddHealthChecks().AddCheck("own", () => result);
        }

        string scrape;
        string? healthBody = null;
        await using (var app = builder.Build())
        {
            app.MapAutoTraderObservability(configure);
            app.MapGet("/items/{id}", (string id) => id);
            app.MapGet("/internal/state", () => "state");
            app.MapGet("/throws", string () => throw new InvalidOperationException("boom"));
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using (var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = new Uri(address + "/") })
            {
                await requests(client);
                scrape = await client.GetStringAsync("metrics");
                if (health is not null)
                {
                    healthBody = await (await client.GetAsync("health")).Content.ReadAsStringAsync();
                }
            }

            await app.StopAsync();
        }

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new Served([.. lines.Select(l => JsonDocument.Parse(l).RootElement)], [.. spans.Where(s => s.Kind == ActivityKind.Server)], scrape, healthBody);
    }
}
