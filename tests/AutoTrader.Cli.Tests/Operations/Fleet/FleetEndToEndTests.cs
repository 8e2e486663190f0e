using System.Diagnostics;
using System.Text.Json;
using AutoTrader.Observability.AspNetCore.Tests;
using Xunit.Abstractions;

namespace AutoTrader.Cli.Tests.Operations.Fleet;

/// <summary>
/// The shipped fleet configs (deploy/fleet) on the real tools, as <see cref="LoopbackFleet"/> runs
/// them: three replicas, a Prometheus agent per site, a central Prometheus with the shipped rules,
/// two clustered Alertmanagers and a webhook. Without the tools the test fails when CI=true and
/// otherwise passes after writing how to install them.
/// </summary>
/// <remarks>
/// The rules are the shipped file with only the <c>for:</c> durations shortened (to
/// <see cref="ShippedConfigCopies.TestForDuration"/>, where TargetDown's 1m would add 50 s), and
/// the configs differ from the shipped ones only in addresses and 1 s intervals:
/// <see cref="Test_copies_differ_from_the_shipped_fleet_configs_only_in_addresses_and_intervals"/>.
/// One test, in phases, because each phase starts from the state the previous one left; replica-2's
/// crash and site-b's agent stop run at the same time so that the 30 s stop also covers the wait for
/// a second notification that must not come.
/// </remarks>
public sealed class FleetEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>How long the central Prometheus stays frozen before site-b's agent is stopped: the samples the agent holds unsent.</summary>
    private static readonly TimeSpan SendsHeldBack = TimeSpan.FromSeconds(3);

    /// <summary>How long site-b's agent stays stopped.</summary>
    private static readonly TimeSpan AgentDowntime = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Alertmanager's default <c>--cluster.peer-timeout</c>: the second peer waits that long for the
    /// first one's notification to reach it by gossip before it would send its own.
    /// </summary>
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public void Test_copies_differ_from_the_shipped_fleet_configs_only_in_addresses_and_intervals()
    {
        foreach (var (shipped, copy) in new[]
        {
            (FleetConfigCopies.ShippedAgent, FleetConfigCopies.Agent(1111)),
            (FleetConfigCopies.ShippedCentral, FleetConfigCopies.Central(2222, 3333)),
        })
        {
            string[] shippedLines = shipped.Split('\n'), copyLines = copy.Split('\n');
            Assert.Equal(shippedLines.Length, copyLines.Length);
            var changed = shippedLines.Index().Where(l => l.Item != copyLines[l.Index]).ToList();
            Assert.NotEmpty(changed);
            Assert.All(changed, l => Assert.True(FleetConfigCopies.IsRewritable(l.Item), $"rewritten line is not an address or interval: `{l.Item}`"));
        }

        Assert.Contains("127.0.0.1:1111/api/v1/write", FleetConfigCopies.Agent(1111), StringComparison.Ordinal);
        Assert.Contains("\"127.0.0.1:2222\", \"127.0.0.1:3333\"", FleetConfigCopies.Central(2222, 3333), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Three_replicas_at_two_sites_are_one_view_on_the_central_prometheus_which_alerts_once_per_outage_and_loses_no_sample_of_a_stopped_agent()
    {
        var prometheus = ExternalTool.Find("prometheus", output);
        var alertmanager = ExternalTool.Find("prometheus-alertmanager", output);
        if (prometheus is null || alertmanager is null)
        {
            return;
        }

        var wall = Stopwatch.StartNew();
        await using var fleet = await LoopbackFleet.StartAsync(prometheus, alertmanager);
        output.WriteLine($"fleet started in {wall.Elapsed.TotalSeconds:F1} s");

        await The_central_fleet_scan_rate_is_the_sum_of_the_replicas_rates(fleet);
        output.WriteLine($"fleet rate checked at {wall.Elapsed.TotalSeconds:F1} s");

        fleet.KillReplica("replica-2");

        // site-b's agent is stopped while its remote writes wait on a frozen central Prometheus,
        // so that it holds samples it has scraped and not sent: a stop that dropped them fails.
        fleet.PauseCentral();
        await Task.Delay(SendsHeldBack);
        var agentStopped = DateTimeOffset.UtcNow;
        fleet.StopAgent("site-b");
        await Task.Delay(TimeSpan.FromSeconds(1));
        fleet.ResumeCentral();
        Assert.True(fleet.WaitForAgentExit("site-b"), "site-b's agent did not stop within 30 s of SIGTERM:\n" + fleet.Diagnostics());

        await TargetDown_for_the_killed_replica_reaches_the_webhook_once(fleet);
        output.WriteLine($"TargetDown notified once, checked at {wall.Elapsed.TotalSeconds:F1} s");

        var stillDown = AgentDowntime - (DateTimeOffset.UtcNow - agentStopped);
        if (stillDown > TimeSpan.Zero)
        {
            await Task.Delay(stillDown);
        }

        fleet.StartAgent("site-b");
        await Every_sample_the_stopped_agent_scraped_reached_the_central_store(fleet, agentStopped, DateTimeOffset.UtcNow, output);
        output.WriteLine($"whole test {wall.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>
    /// The fleet-wide recording rule and the per-replica one are evaluated in one group at one
    /// timestamp, from the samples both agents remote-wrote: the fleet's rate (one series per site)
    /// equals the sum of the three replicas' rates, site by site and overall.
    /// </summary>
    private static async Task The_central_fleet_scan_rate_is_the_sum_of_the_replicas_rates(LoopbackFleet fleet)
    {
        var api = fleet.Central;
        var deadline = fleet.Clock.Elapsed + Deadline;
        while ((await api.QueryAsync("autotrader_instance:scan_requests:rate5m > 0", null, default)).Count < fleet.Replicas.Count)
        {
            Assert.True(fleet.Clock.Elapsed < deadline, "the central Prometheus has no scan rate of every replica:\n" + fleet.Diagnostics());
            await Task.Delay(500);
        }

        var evaluatedAt = (await api.QueryAsync("timestamp(autotrader_instance:scan_requests:rate5m)", null, default)).Max(s => s.Samples[0].Value);
        var replicas = await api.QueryAsync("autotrader_instance:scan_requests:rate5m", evaluatedAt, default);
        var fleetRate = await api.QueryAsync("autotrader:scan_requests:rate5m", evaluatedAt, default);
        Assert.All(await api.QueryAsync("timestamp(autotrader:scan_requests:rate5m)", evaluatedAt, default), s => Assert.Equal(evaluatedAt, s.Samples[0].Value));

        Assert.Equal(
            fleet.Replicas.Select(r => $"{r.Name}@{r.Site}").Order(),
            replicas.Select(s => $"{s.Labels["instance"]}@{s.Labels["site"]}").Order());
        Assert.All(replicas, s => Assert.True(s.Samples[0].Value > 0, $"{s.Labels["instance"]} does not scan"));
        Assert.All(replicas.Concat(fleetRate), s => Assert.Equal("autotrader", s.Labels["job"]));
        Assert.All(fleetRate, s => Assert.False(s.Labels.ContainsKey("instance"), "the fleet rate keeps instance"));
        foreach (var site in fleet.Sites)
        {
            Assert.Equal(
                replicas.Where(s => s.Labels["site"] == site).Sum(s => s.Samples[0].Value),
                fleetRate.Where(s => s.Labels["site"] == site).Sum(s => s.Samples[0].Value),
                9);
        }

        Assert.Equal(replicas.Sum(s => s.Samples[0].Value), fleetRate.Sum(s => s.Samples[0].Value), 9);
    }

    /// <summary>
    /// TargetDown fires on the central Prometheus for the killed replica alone, with its site;
    /// Prometheus sends it to both Alertmanagers, and the cluster posts it to the webhook once: the
    /// second peer, after its peer timeout, finds the first one's notification in the gossiped log.
    /// </summary>
    private static async Task TargetDown_for_the_killed_replica_reaches_the_webhook_once(LoopbackFleet fleet)
    {
        var deadline = fleet.Clock.Elapsed + Deadline;
        AlertWebhook.Notification? first;
        while ((first = FiringTargetDowns(fleet.Webhook).FirstOrDefault()) is null)
        {
            Assert.True(fleet.Clock.Elapsed < deadline, "no firing TargetDown reached the webhook:\n" + fleet.Diagnostics());
            await Task.Delay(250);
        }

        Assert.Equal("/alerts/warning", first.Path);
        var sent = Assert.Single(first.Json!.Value.GetProperty("alerts").EnumerateArray());
        Assert.Equal(
            new Dictionary<string, string> { ["alertname"] = "TargetDown", ["instance"] = "replica-2", ["job"] = "autotrader", ["severity"] = "warning", ["site"] = "site-a" },
            sent.GetProperty("labels").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!));

        var onCentral = await fleet.Central.AlertsAsync(default);
        Assert.Equal(["replica-2@site-a"], onCentral.Where(a => a.Name == "TargetDown").Select(a => $"{a.Labels["instance"]}@{a.Labels["site"]}"));
        Assert.DoesNotContain(onCentral, a => a.Name == "AllReplicasDown");
        foreach (var port in fleet.AlertmanagerPorts)
        {
            Assert.Contains(await fleet.AlertmanagerAlertsAsync(port), a => a["alertname"] == "TargetDown" && a["instance"] == "replica-2");
        }

        var quiet = first.At + PeerTimeout + TimeSpan.FromSeconds(5) - fleet.Clock.Elapsed;
        if (quiet > TimeSpan.Zero)
        {
            await Task.Delay(quiet);
        }

        Assert.True(FiringTargetDowns(fleet.Webhook).Count() == 1, "TargetDown was notified more than once:\n" + fleet.Diagnostics());
    }

    /// <summary>
    /// Stopped by SIGTERM, the agent sends what it has scraped before it exits, also what it held
    /// back while the central Prometheus did not answer: the central store holds replica-3's
    /// samples up to the stop, a sample a second, and from the restart on again. (Killed instead,
    /// the agent would lose the held-back seconds: Prometheus 2.42 does not resend after a restart.)
    /// </summary>
    private static async Task Every_sample_the_stopped_agent_scraped_reached_the_central_store(LoopbackFleet fleet, DateTimeOffset stopped, DateTimeOffset restarted, ITestOutputHelper output)
    {
        var selector = $"up{{instance=\"replica-3\"}}[{(int)fleet.Clock.Elapsed.TotalSeconds + 60}s]";
        var deadline = fleet.Clock.Elapsed + Deadline;
        List<double> times;
        while (!(times = await SampleTimesAsync(fleet, selector)).Any(t => t > restarted.ToUnixTimeMilliseconds() / 1000.0))
        {
            Assert.True(fleet.Clock.Elapsed < deadline, "no sample of replica-3 after site-b's agent restarted:\n" + fleet.Diagnostics());
            await Task.Delay(500);
        }

        var stop = stopped.ToUnixTimeMilliseconds() / 1000.0;
        var before = times.Where(t => t <= stop + 1).ToList();
        var after = times.Where(t => t > stop + 1).ToList();
        var gaps = before.Zip(before.Skip(1), (a, b) => b - a).ToList();
        Assert.True(before.Count >= 3 && gaps.Max() < 2.5, $"replica-3's samples before the stop have a gap of {gaps.DefaultIfEmpty().Max():F1} s ({before.Count} samples)");
        Assert.True(before[^1] >= stop - 2, $"the last {stop - before[^1]:F1} s before the stop are missing: the agent did not send what it had scraped");
        output.WriteLine($"replica-3: {before.Count} samples before the stop, the last {stop - before[^1]:F2} s before it; none for {after[0] - before[^1]:F1} s; {after.Count} since");
        Assert.True(after[0] - before[^1] >= AgentDowntime.TotalSeconds - 2, $"the agent seems not to have stopped: {after[0] - before[^1]:F1} s between samples");
    }

    private static async Task<List<double>> SampleTimesAsync(LoopbackFleet fleet, string selector) =>
        [.. (await fleet.Central.QueryAsync(selector, null, default)).SelectMany(s => s.Samples).Select(s => s.Time).Order()];

    private static IEnumerable<AlertWebhook.Notification> FiringTargetDowns(AlertWebhook webhook) =>
        webhook.Received.Where(n => n.Json is { } json
            && json.TryGetProperty("alerts", out var alerts)
            && alerts.EnumerateArray().Any(a => Label(a, "alertname") == "TargetDown" && a.GetProperty("status").GetString() == "firing"));

    private static string? Label(JsonElement alert, string name) =>
        alert.GetProperty("labels").TryGetProperty(name, out var value) ? value.GetString() : null;
}
