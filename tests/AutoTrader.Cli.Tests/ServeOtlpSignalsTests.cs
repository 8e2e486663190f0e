using System.Text.Json;
using AutoTrader.Observability.Tests.Tracing;
using Xunit.Abstractions;

namespace AutoTrader.Cli.Tests;

/// <summary>
/// <c>serve</c> configured by the standard OpenTelemetry variables alone sends all three signals
/// to a real backend: a scan's log lines under its trace, and metrics, under one resource.
/// </summary>
public sealed class ServeOtlpSignalsTests(AspireDashboard dashboard, ITestOutputHelper output) : IClassFixture<AspireDashboard>
{
    [Fact]
    public async Task A_scans_traces_logs_and_metrics_reach_the_backend_from_the_variables_alone()
    {
        if (dashboard.Unavailable is { } why)
        {
            output.WriteLine("NOT RUN: " + why);
            return;
        }

        const string secret = "sk-live-5f4dcc3b5aa7";
        var service = "autotrader-serve-" + Guid.NewGuid().ToString("N")[..8];
        int api = FreePort.Next(), metrics = FreePort.Next();
        using var p = AutotraderProcess.Start(
            ["serve", "--api-port", api.ToString(), "--metrics-port", metrics.ToString()],
            new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = dashboard.GrpcUrl,
                ["OTEL_EXPORTER_OTLP_HEADERS"] = "api-key=" + secret,
                ["OTEL_SERVICE_NAME"] = service,
                ["OTEL_TRACES_SAMPLER"] = "always_on",
            });
        Assert.True(p.WaitForOutput("serve_started", TimeSpan.FromSeconds(30)), "serve did not start: " + p.Stderr);
        using var http = new HttpClient();

        var response = await http.PostAsync($"http://127.0.0.1:{api}/api/scan/ADA", null);
        var traceId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("trace_id").GetString()!;
        Assert.True(p.Terminate(TimeSpan.FromSeconds(30)), "serve did not stop");
        var stdoutEvents = p.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.TryGetProperty("trace_id", out var id) && id.GetString() == traceId)
            .Select(l => l.GetProperty("event").GetString()!)
            .ToList();
        var logs = await dashboard.WaitForLogsAsync(traceId, stdoutEvents.Count);
        var resource = await dashboard.WaitForResourceAsync(service, r => r.HasMetrics);

        Assert.Contains(logs, l => l.EventName == "scan_started" && l.Attributes["token_symbol"] == "ADA");
        Assert.Contains(logs, l => l.EventName == "scan_completed");
        Assert.Equal(stdoutEvents.Order(), logs.Select(l => l.Body).Order());
        Assert.All(logs, l => Assert.Equal(service, l.Resource["service.name"]));
        Assert.NotEmpty(await dashboard.WaitForTraceAsync(traceId, 1));
        Assert.NotNull(resource);
        Assert.Equal((true, true, true), (resource.HasTraces, resource.HasLogs, resource.HasMetrics));
        Assert.DoesNotContain(secret, p.Stdout + p.Stderr, StringComparison.Ordinal);
    }
}
