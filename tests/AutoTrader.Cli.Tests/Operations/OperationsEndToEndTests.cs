using System.Text.Json;
using AutoTrader.Observability.AspNetCore.Tests;
using Xunit.Abstractions;

namespace AutoTrader.Cli.Tests.Operations;

/// <summary>
/// The shipped operations configs on the real tools: <c>autotrader serve</c> with an injected
/// binance fault, Prometheus (Debian package <c>prometheus</c>) with the shipped scrape config and
/// rules, Alertmanager (<c>prometheus-alertmanager</c>) with the shipped routes, and a webhook.
/// Without the tools the tests fail when CI=true and otherwise pass after writing how to install them.
/// Every wait ends at <see cref="Deadline"/> after the service started.
/// </summary>
public sealed class OperationsEndToEndTests(MonitoringStackFixture fixture, ITestOutputHelper output) : IClassFixture<MonitoringStackFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public void Test_copies_differ_from_the_shipped_configs_only_in_addresses_intervals_and_for_durations()
    {
        foreach (var (shipped, copy) in new[]
        {
            (ShippedConfigCopies.ShippedPrometheus, ShippedConfigCopies.Prometheus(1111, 2222)),
            (ShippedConfigCopies.ShippedRules, ShippedConfigCopies.Rules()),
            (ShippedConfigCopies.ShippedAlertmanager, ShippedConfigCopies.Alertmanager(3333)),
        })
        {
            string[] shippedLines = shipped.Split('\n'), copyLines = copy.Split('\n');
            Assert.Equal(shippedLines.Length, copyLines.Length);
            var changed = shippedLines.Index().Where(l => l.Item != copyLines[l.Index]).ToList();
            Assert.NotEmpty(changed);
            Assert.All(changed, l => Assert.True(ShippedConfigCopies.IsRewritable(l.Item), $"rewritten line is not an address, interval or for: `{l.Item}`"));
        }

        Assert.Contains("for: " + ShippedConfigCopies.TestForDuration, ShippedConfigCopies.Rules(), StringComparison.Ordinal);
        Assert.DoesNotContain("5001", ShippedConfigCopies.Alertmanager(3333), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_dashboard_panel_query_returns_data_from_prometheus()
    {
        if (await StackAsync() is not { } stack)
        {
            return;
        }

        var panels = ShippedQueries.DashboardPanels();
        Assert.NotEmpty(panels);
        Assert.All(panels, p => Assert.DoesNotContain("$", p.Expr, StringComparison.Ordinal)); // an unknown Grafana variable

        var empty = await WaitUntilAllReturnDataAsync(stack, panels.Select(p => p.Expr).ToList());

        Assert.True(empty.Count == 0, "dashboard queries without data:\n" + string.Join('\n', panels.Where(p => empty.Contains(p.Expr)).Select(p => $"{p.Panel}: {p.Expr}")) + "\n" + stack.Diagnostics());
    }

    [Fact]
    public async Task Every_promql_example_of_the_guide_and_the_runbooks_returns_data_from_prometheus()
    {
        if (await StackAsync() is not { } stack)
        {
            return;
        }

        var files = ShippedQueries.MarkdownWithQueries().ToList();
        Assert.Contains(files, f => f.EndsWith("observability-guide.md", StringComparison.Ordinal));
        Assert.All(files, f => Assert.True(ShippedQueries.PromQlExamples(f).Count >= ShippedQueries.PromQlBlockCount(f), $"{f}: fewer queries than promql blocks"));
        var examples = files.SelectMany(f => ShippedQueries.PromQlExamples(f).Select(q => (File: Path.GetFileName(f), Query: q))).ToList();

        var empty = await WaitUntilAllReturnDataAsync(stack, examples.Select(e => e.Query).ToList());

        Assert.True(empty.Count == 0, "documented queries without data:\n" + string.Join('\n', examples.Where(e => empty.Contains(e.Query)).Select(e => $"{e.File}: {e.Query}")) + "\n" + stack.Diagnostics());
    }

    [Fact]
    public async Task CircuitBreakerOpen_goes_pending_then_firing_and_reaches_the_critical_webhook_through_alertmanager()
    {
        if (await StackAsync() is not { } stack)
        {
            return;
        }

        const string alert = "CircuitBreakerOpen{endpoint=/orderbook,";
        AlertWebhook.Notification? notification = null;
        while (stack.Clock.Elapsed < Deadline && (notification = FiringNotification(stack)) is null)
        {
            await Task.Delay(250);
        }

        var timeline = stack.AlertTimeline.Where(t => t.Alert.StartsWith(alert, StringComparison.Ordinal) && t.Alert.Contains("source=binance", StringComparison.Ordinal)).ToList();
        Assert.True(notification is not null, "no firing CircuitBreakerOpen reached the webhook:\n" + stack.Diagnostics());
        var pending = timeline.FindIndex(t => t.State == "pending");
        var firing = timeline.FindIndex(t => t.State == "firing");
        Assert.True(pending >= 0 && firing > pending, "CircuitBreakerOpen was not seen pending, then firing:\n" + stack.Diagnostics());
        output.WriteLine($"CircuitBreakerOpen pending at {timeline[pending].At.TotalSeconds:F1} s, firing at {timeline[firing].At.TotalSeconds:F1} s, at the webhook at {notification.At.TotalSeconds:F1} s after the service started");

        Assert.Equal("POST", notification.Method);
        Assert.Equal("/alerts/critical", notification.Path);
        var body = notification.Json!.Value;
        Assert.Equal("critical-webhook", body.GetProperty("receiver").GetString());
        Assert.Equal("firing", body.GetProperty("status").GetString());
        var sent = Assert.Single(body.GetProperty("alerts").EnumerateArray(), a => Label(a, "alertname") == "CircuitBreakerOpen");
        Assert.Equal("firing", sent.GetProperty("status").GetString());
        Assert.Equal("critical", Label(sent, "severity"));
        Assert.Equal("binance", Label(sent, "source"));
        Assert.Equal("/orderbook", Label(sent, "endpoint"));
        Assert.Equal("docs/runbooks/CircuitBreakerOpen.md", sent.GetProperty("annotations").GetProperty("runbook_url").GetString());
    }

    [Fact]
    public async Task HighScanErrorRate_of_the_failing_scans_reaches_the_warning_webhook()
    {
        if (await StackAsync() is not { } stack)
        {
            return;
        }

        AlertWebhook.Notification? notification = null;
        while (stack.Clock.Elapsed < Deadline && (notification = FiringNotification(stack, "HighScanErrorRate")) is null)
        {
            await Task.Delay(250);
        }

        Assert.True(notification is not null, "no firing HighScanErrorRate reached the webhook:\n" + stack.Diagnostics());
        Assert.Equal("/alerts/warning", notification.Path);
        var body = notification.Json!.Value;
        Assert.Equal("warning-webhook", body.GetProperty("receiver").GetString());
        var sent = Assert.Single(body.GetProperty("alerts").EnumerateArray());
        Assert.Equal("warning", Label(sent, "severity"));
        Assert.False(string.IsNullOrEmpty(Label(sent, "token_symbol")), "HighScanErrorRate is per token");
        output.WriteLine($"HighScanErrorRate for {Label(sent, "token_symbol")} at the webhook at {notification.At.TotalSeconds:F1} s after the service started");
    }

    private static AlertWebhook.Notification? FiringNotification(MonitoringStack stack, string alertName = "CircuitBreakerOpen") =>
        stack.Webhook.Received.FirstOrDefault(n => n.Json is { } json
            && json.TryGetProperty("alerts", out var alerts)
            && alerts.EnumerateArray().Any(a => Label(a, "alertname") == alertName && a.GetProperty("status").GetString() == "firing"));

    private static string? Label(JsonElement alert, string name) =>
        alert.GetProperty("labels").TryGetProperty(name, out var value) ? value.GetString() : null;

    /// <summary>Queries until every expression returns a series or the deadline passes; returns those still empty.</summary>
    private static async Task<List<string>> WaitUntilAllReturnDataAsync(MonitoringStack stack, List<string> exprs)
    {
        var empty = exprs.Distinct().ToList();
        while (true)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var counts = await Task.WhenAll(empty.Select(e => stack.Prometheus.CountSeriesAsync(e, timeout.Token)));
            empty = [.. empty.Where((_, i) => counts[i] == 0)];
            if (empty.Count == 0 || stack.Clock.Elapsed > Deadline)
            {
                return empty;
            }

            await Task.Delay(500);
        }
    }

    private async Task<MonitoringStack?> StackAsync()
    {
        var prometheus = ExternalTool.Find("prometheus", output);
        var alertmanager = ExternalTool.Find("prometheus-alertmanager", output);
        return prometheus is null || alertmanager is null ? null : await fixture.GetAsync(prometheus, alertmanager);
    }
}
