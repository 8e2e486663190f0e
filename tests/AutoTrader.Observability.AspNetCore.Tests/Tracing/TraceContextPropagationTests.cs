using System.Diagnostics;
using System.Net;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tracing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.AspNetCore.Tests.Tracing;

public sealed class TraceContextPropagationTests
{
    private const string CallerTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string CallerSpanId = "00f067aa0ba902b7";

    [Fact]
    public async Task A_request_continues_the_callers_W3C_trace_and_outgoing_calls_carry_it_on()
    {
        var options = new ObservabilityOptions();
        options.Tracing.Sampling.Strategy = "probability";
        options.Tracing.Sampling.Probability = 0; // the caller's sampled flag decides, not our ratio
        var exported = new List<Activity>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddAutoTraderObservability(options, Stream.Null);
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported));
        builder.Services.AddHttpClient();
        await using var app = builder.Build();
        app.MapAutoTraderObservability();
        app.MapGet("/echo", (HttpRequest request) => request.Headers.TraceParent.ToString());
        app.MapGet("/scan", async (IHttpClientFactory clients, HttpRequest request) =>
        {
            using var scan = AutoTraderTracing.TraceOperation("scan");
            return await clients.CreateClient().GetStringAsync($"{request.Scheme}://{request.Host}/echo");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        // The test plays a caller in another process: its own HttpClient must not add a span or a header.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null });

        using var request = new HttpRequestMessage(HttpMethod.Get, address + "/scan");
        request.Headers.Add("traceparent", $"00-{CallerTraceId}-{CallerSpanId}-01");
        var forwarded = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        using var health = new HttpRequestMessage(HttpMethod.Get, address + "/health");
        health.Headers.Add("traceparent", $"00-{CallerTraceId}-{CallerSpanId}-01");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(health)).StatusCode);
        await app.StopAsync();

        var scanRequest = Assert.Single(exported, a => a.Kind == ActivityKind.Server && a.GetTagItem("url.path") is "/scan");
        Assert.Equal(CallerTraceId, scanRequest.TraceId.ToHexString());
        Assert.Equal(CallerSpanId, scanRequest.ParentSpanId.ToHexString());
        var scan = Assert.Single(exported, a => a.DisplayName == "scan");
        Assert.Equal(scanRequest.SpanId, scan.ParentSpanId);
        var outgoing = Assert.Single(exported, a => a.Kind == ActivityKind.Client);
        Assert.Equal(scan.SpanId, outgoing.ParentSpanId);
        Assert.Equal($"00-{CallerTraceId}-{outgoing.SpanId.ToHexString()}-01", forwarded);
        Assert.DoesNotContain(exported, a => a.GetTagItem("url.path") is "/health");
    }
}
