using AutoTrader.Observability.AspNetCore.Tests.FrameworkMetrics;
using AutoTrader.Observability.Tests.Metrics;
using Xunit.Abstractions;

namespace AutoTrader.Observability.AspNetCore.Tests;

public sealed class PromtoolTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Promtool_check_metrics_reports_nothing_on_a_payload_with_every_family()
    {
        var promtool = ExternalTool.Find("promtool", output);
        if (promtool is null)
        {
            return;
        }

        await using var host = await TestMetricsHost.StartAsync();
        EveryFamily.Record(host.Metrics);
        using var client = new HttpClient();
        var payload = await client.GetStringAsync(host.MetricsUri);
        foreach (var family in GuideMetrics.Families.Append(("metric_cardinality_overflow_total", "counter", ["metric"])).Append(("telemetry_dropped_total", "counter", ["signal", "reason"])))
        {
            Assert.Contains($"# TYPE {family.Name} {family.Type}\n", payload, StringComparison.Ordinal);
        }

        var (exitCode, stdout, stderr) = ExternalTool.Run(promtool, ["check", "metrics"], payload);

        Assert.True(exitCode == 0 && stdout.Length == 0 && stderr.Length == 0, $"promtool exit {exitCode}:\n{stdout}{stderr}");
    }

    [Fact]
    public async Task Promtool_check_metrics_reports_nothing_on_a_payload_with_the_framework_families()
    {
        var promtool = ExternalTool.Find("promtool", output);
        if (promtool is null)
        {
            return;
        }

        await using var host = await FrameworkTraffic.StartAsync();
        EveryFamily.Record(host.Metrics);
        var payload = await FrameworkTraffic.ScrapeUntilAsync(host, "kestrel_connection_duration_seconds_count");
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram\n", payload, StringComparison.Ordinal);
        Assert.Contains("# TYPE kestrel_connection_duration_seconds histogram\n", payload, StringComparison.Ordinal);
        Assert.Contains("# TYPE http_client_request_duration_seconds histogram\n", payload, StringComparison.Ordinal);

        var (exitCode, stdout, stderr) = ExternalTool.Run(promtool, ["check", "metrics"], payload);

        Assert.True(exitCode == 0 && stdout.Length == 0 && stderr.Length == 0, $"promtool exit {exitCode}:\n{stdout}{stderr}");
    }
}
