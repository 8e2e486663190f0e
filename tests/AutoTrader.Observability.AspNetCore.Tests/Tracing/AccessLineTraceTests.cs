using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
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

/// <summary>The trace id and sampled flag on every request's access line, and what else shares them.</summary>
public sealed class AccessLineTraceTests
{
    private const string CallerTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string CallerSpanId = "00f067aa0ba902b7";

    [Fact]
    public async Task Every_access_line_carries_its_own_trace_id_and_trace_sampled_says_whether_its_span_was_exported()
    {
        const int Requests = 100;
        var served = await ServeAsync(0.5, async client =>
        {
            for (var i = 0; i < Requests; i++)
            {
                (await client.GetAsync("tokens/BTC")).EnsureSuccessStatusCode();
            }
        });

        var access = served.AccessLines();
        Assert.Equal(Requests, access.Count);
        var traceIds = access.Select(l => l.GetProperty("trace_id").GetString()!).ToList();
        Assert.All(traceIds, id => Assert.Matches("^(?!0{32})[0-9a-f]{32}$", id));
        Assert.Equal(Requests, traceIds.Distinct().Count());
        var exported = served.Spans.Where(s => s.Kind == ActivityKind.Server).Select(s => s.TraceId.ToHexString()).ToHashSet();
        Assert.All(access, l => Assert.Equal(exported.Contains(l.GetProperty("trace_id").GetString()!), l.GetProperty("trace_sampled").GetBoolean()));
        Assert.Contains(access, l => l.GetProperty("trace_sampled").GetBoolean());
        Assert.Contains(access, l => !l.GetProperty("trace_sampled").GetBoolean());
    }

    [Theory]
    [InlineData("01", true)]
    [InlineData("00", false)]
    public async Task A_callers_trace_id_and_sampled_flag_are_on_the_access_line(string flags, bool sampled)
    {
        var served = await ServeAsync(0.5, async client =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "tokens/BTC");
            request.Headers.Add("traceparent", $"00-{CallerTraceId}-{CallerSpanId}-{flags}");
            (await client.SendAsync(request)).EnsureSuccessStatusCode();
        });

        var line = Assert.Single(served.AccessLines());
        Assert.Equal(CallerTraceId, line.GetProperty("trace_id").GetString());
        Assert.Equal(sampled, line.GetProperty("trace_sampled").GetBoolean());
        Assert.Equal(sampled, served.Spans.Any(s => s.TraceId.ToHexString() == CallerTraceId));
    }

    [Fact]
    public async Task An_unsampled_request_shares_its_trace_id_with_its_other_lines_and_passes_it_on_unsampled_recording_no_span()
    {
        string forwarded = "";
        var served = await ServeAsync(0, async client => forwarded = await client.GetStringAsync("work"));

        var access = Assert.Single(served.AccessLines(), l => l.GetProperty("route").GetString() == "/work");
        var traceId = access.GetProperty("trace_id").GetString()!;
        Assert.False(access.GetProperty("trace_sampled").GetBoolean());
        var work = Assert.Single(served.Lines, l => l.GetProperty("event").GetString() == "work_done");
        Assert.Equal(traceId, work.GetProperty("trace_id").GetString());
        Assert.Matches($"^00-{traceId}-[0-9a-f]{{16}}-00$", forwarded);
        var callee = Assert.Single(served.AccessLines(), l => l.GetProperty("route").GetString() == "/echo");
        Assert.Equal(traceId, callee.GetProperty("trace_id").GetString());
        Assert.False(callee.GetProperty("trace_sampled").GetBoolean());
        Assert.Empty(served.Spans);
    }

    [Fact]
    public async Task With_tracing_disabled_the_access_line_has_no_trace_fields()
    {
        var served = await ServeAsync(0.5, async client => (await client.GetAsync("tokens/BTC")).EnsureSuccessStatusCode(), tracing: false);

        var line = Assert.Single(served.AccessLines());
        Assert.False(line.TryGetProperty("trace_id", out _));
        Assert.False(line.TryGetProperty(LogSchema.TraceSampled, out _));
    }

    private sealed record Served(List<JsonElement> Lines, List<Activity> Spans)
    {
        public List<JsonElement> AccessLines() => [.. Lines.Where(l => l.GetProperty("event").GetString() == "http_request")];
    }

    private static async Task<Served> ServeAsync(double probability, Func<HttpClient, Task> requests, bool tracing = true)
    {
        var options = new ObservabilityOptions();
        options.Tracing.Enabled = tracing;
        options.Tracing.Sampling.Probability = probability;
        var output = new MemoryStream();
        var spans = new List<Activity>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddAutoTraderObservability(options, output);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // As serve: ASP.NET Core starts an activity of its own for every request while this logger is on.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
        builder.Services.AddHttpClient();
        await using (var app = builder.Build())
        {
            app.MapAutoTraderObservability();
            app.MapGet("/tokens/{symbol}", (string symbol) => symbol);
            app.MapGet("/echo", (HttpRequest request) => request.Headers.TraceParent.ToString());
            app.MapGet("/work", async (IHttpClientFactory clients, HttpRequest request, ILoggerFactory loggers) =>
            {
                loggers.CreateLogger("Work").Info("work_done");
                using var inner = AutoTraderTracing.TraceOperation("inner");
                return await clients.CreateClient().GetStringAsync($"{request.Scheme}://{request.Host}/echo");
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            // A caller in another process: the test's own HttpClient adds no traceparent of this process's.
            using (var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = new Uri(address + "/") })
            {
                await requests(client);
            }

            await app.StopAsync();
        }

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new Served([.. lines.Select(l => JsonDocument.Parse(l).RootElement)], spans);
    }
}
