using System.Diagnostics;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tracing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.AspNetCore.Tests.Tracing;

public sealed class RequestSpanTests
{
    [Fact]
    public async Task A_request_span_is_named_by_method_and_route_and_carries_the_http_attributes()
    {
        var spans = await ServeAsync("always_on", async client =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "tokens/BTC?verbose=1");
            request.Headers.UserAgent.ParseAdd("probe/1.0");
            (await client.SendAsync(request)).EnsureSuccessStatusCode();
        });

        var span = Assert.Single(spans);
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal("GET /tokens/{symbol}", span.DisplayName);
        Assert.Equal("GET", span.GetTagItem("http.request.method"));
        Assert.Equal("/tokens/{symbol}", span.GetTagItem("http.route"));
        Assert.Equal("/tokens/BTC", span.GetTagItem("url.path"));
        Assert.Equal("verbose=1", span.GetTagItem("url.query"));
        Assert.Equal("http", span.GetTagItem("url.scheme"));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.IsType<int>(span.GetTagItem("server.port"));
        Assert.Equal("1.1", span.GetTagItem("network.protocol.version"));
        Assert.Equal("probe/1.0", span.GetTagItem("user_agent.original"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Null(span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task Secrets_a_client_writes_into_the_path_query_or_user_agent_are_redacted_before_export()
    {
        var spans = await ServeAsync("always_on", async client =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "tokens/BTC;token=abc123?API_KEY=sk-live-1&verbose=1&password=");
            request.Headers.TryAddWithoutValidation("User-Agent", "probe/1.0 secret=s3cr3t");
            (await client.SendAsync(request)).EnsureSuccessStatusCode();
        });

        var span = Assert.Single(spans);
        Assert.Equal("/tokens/BTC;token=[REDACTED]", span.GetTagItem("url.path"));
        Assert.Equal("API_KEY=[REDACTED]&verbose=1&password=[REDACTED]", span.GetTagItem("url.query"));
        Assert.Equal("probe/1.0 secret=[REDACTED]", span.GetTagItem("user_agent.original"));
    }

    [Fact]
    public async Task Server_errors_and_exceptions_mark_the_span_as_failed_and_client_errors_do_not()
    {
        var spans = await ServeAsync("always_on", async client =>
        {
            await client.GetAsync("unavailable");
            await client.GetAsync("throws");
            await client.GetAsync("tokens/BTC/missing");
            await client.SendAsync(new HttpRequestMessage(new HttpMethod("BREW"), "tokens/BTC"));
        });

        var unavailable = Assert.Single(spans, s => s.DisplayName == "GET /unavailable");
        Assert.Equal("503", unavailable.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, unavailable.Status);
        var throws = Assert.Single(spans, s => s.DisplayName == "GET /throws");
        Assert.Equal(typeof(InvalidOperationException).FullName, throws.GetTagItem("error.type"));
        Assert.Equal(500, throws.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, throws.Status);
        var notFound = Assert.Single(spans, s => Equals(s.GetTagItem("url.path"), "/tokens/BTC/missing"));
        Assert.Equal("GET", notFound.DisplayName); // no route matched: no route in the name
        Assert.Equal(404, notFound.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, notFound.Status);
        var brew = Assert.Single(spans, s => Equals(s.GetTagItem("http.request.method_original"), "BREW"));
        Assert.Equal("_OTHER", brew.GetTagItem("http.request.method"));
    }

    [Fact]
    public async Task Unsampled_requests_and_the_untraced_paths_export_nothing()
    {
        Assert.Empty(await ServeAsync("always_off", async client => await client.GetAsync("tokens/BTC")));
        Assert.Empty(await ServeAsync("always_on", async client =>
        {
            await client.GetAsync("metrics");
            await client.GetAsync("health");
        }));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // ASP.NET Core then starts an unrecorded activity of its own for every request
    public async Task A_request_without_a_callers_trace_is_sampled_once_and_one_not_sampled_runs_under_an_unrecorded_root_with_no_recorded_child(bool hostingLog)
    {
        const int Requests = 400;
        var unrecordedRoots = new List<string>();
        var spans = await ServeAsync("probability", async client =>
        {
            for (var i = 0; i < Requests; i++)
            {
                if (await client.GetStringAsync("inner") is var seen && seen.StartsWith("unrecorded root ", StringComparison.Ordinal))
                {
                    unrecordedRoots.Add(seen["unrecorded root ".Length..]);
                }
            }
        }, probability: 0.5, all: true, hostingLog: hostingLog);

        // Drawn twice (once before the span, once by the SDK), half would become a quarter.
        var requests = spans.Where(s => s.Kind == ActivityKind.Server).ToList();
        Assert.InRange(requests.Count, Requests / 2 - 50, Requests / 2 + 50); // 5 sigma
        Assert.Equal(Requests - requests.Count, unrecordedRoots.Count); // ASP.NET Core's own activity is not the parent
        Assert.Equal(unrecordedRoots.Count, unrecordedRoots.Distinct().Count()); // a fresh trace id each
        Assert.DoesNotContain(new string('0', 32), unrecordedRoots);
        var inner = spans.Where(s => s.DisplayName == "inner").ToList();
        Assert.Equal(requests.Count, inner.Count); // a trace is kept or dropped whole
        Assert.All(inner, s => Assert.Contains(requests, r => r.SpanId == s.ParentSpanId && r.TraceId == s.TraceId));
    }

    private static async Task<List<Activity>> ServeAsync(string sampling, Func<HttpClient, Task> requests, double probability = 0.1, bool all = false, bool hostingLog = false)
    {
        var options = new ObservabilityOptions();
        options.Tracing.Sampling.Strategy = sampling;
        options.Tracing.Sampling.Probability = probability;
        var exported = new List<Activity>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddAutoTraderObservability(options, Stream.Null);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", hostingLog ? LogLevel.Debug : LogLevel.None);
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported));
        await using var app = builder.Build();
        app.MapAutoTraderObservability();
        app.MapGet("/tokens/{symbol}", (string symbol) => symbol);
        app.MapGet("/unavailable", () => Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/throws", string () => throw new InvalidOperationException("boom"));
        app.MapGet("/inner", () =>
        {
            var seen = Activity.Current is { Recorded: false, Parent: null } unrecorded ? "unrecorded root " + unrecorded.TraceId.ToHexString() : "recorded";
            using var inner = AutoTraderTracing.TraceOperation("inner");
            return seen;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        // A caller in another process: the test's own HttpClient adds no traceparent of this process's.
        using (var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = new Uri(address + "/") })
        {
            await requests(client);
        }

        await app.StopAsync();
        return [.. exported.Where(a => all || a.Kind == ActivityKind.Server)];
    }
}
