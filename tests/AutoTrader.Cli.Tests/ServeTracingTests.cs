using System.Text.Json;
using AutoTrader.Observability.Tests.Tracing;
using Xunit.Abstractions;

namespace AutoTrader.Cli.Tests;

public sealed class ServeTracingTests(AspireDashboard dashboard, ITestOutputHelper output) : IClassFixture<AspireDashboard>
{
    [Fact]
    public async Task A_scan_through_the_api_reaches_the_configured_otlp_exporter_as_one_trace()
    {
        if (dashboard.Unavailable is { } why)
        {
            output.WriteLine("NOT RUN: " + why);
            return;
        }

        using var config = new TempYamlFile($"""
            observability:
              tracing:
                sampling: {"{"} strategy: always_on {"}"}
                exporters:
                  otlp: {"{"} enabled: true, endpoint: "{dashboard.GrpcUrl}" {"}"}
              performance:
                span_export_delay_seconds: 0.2
            """);
        int api = FreePort.Next(), metrics = FreePort.Next();
        using var p = AutotraderProcess.Start(["serve", "--config", config.Path, "--api-port", api.ToString(), "--metrics-port", metrics.ToString()]);
        Assert.True(p.WaitForOutput("serve_started", TimeSpan.FromSeconds(30)), "serve did not start: " + p.Stderr);
        using var http = new HttpClient();

        var response = await http.PostAsync($"http://127.0.0.1:{api}/api/scan/ADA", null); // not on the watchlist, so not cached
        var traceId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("trace_id").GetString()!;
        var spans = await dashboard.WaitForTraceAsync(traceId, 6);
        output.WriteLine(string.Join(", ", spans.Select(s => s.Name)));

        var names = spans.Select(s => s.Name).ToList();
        Assert.Contains("scan", names);
        Assert.Contains("data_source.fetch", names);
        Assert.Contains("scan.score", names);
        Assert.Contains("llm.narrate", names);
        Assert.Contains(names, n => n.StartsWith("POST", StringComparison.Ordinal)); // the ASP.NET Core request span
        var scan = spans.Single(s => s.Name == "scan");
        Assert.All(spans.Where(s => s.Name == "data_source.fetch"), s => Assert.Equal(scan.SpanId, s.ParentSpanId));
        Assert.Contains(p.StdoutLines, l => l.Contains($"\"trace_id\":\"{traceId}\"", StringComparison.Ordinal));
    }
}
