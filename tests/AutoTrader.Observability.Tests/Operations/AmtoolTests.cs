using AutoTrader.Observability.AspNetCore.Tests;
using Xunit.Abstractions;

namespace AutoTrader.Observability.Tests.Operations;

/// <summary>Runs the real amtool (Debian package prometheus-alertmanager) on the shipped Alertmanager config.</summary>
public sealed class AmtoolTests(ITestOutputHelper output)
{
    private static readonly string ConfigPath = Path.Combine(RepositoryRoot.Path, "deploy", "alertmanager", "alertmanager.yml");

    [Fact]
    public void Amtool_accepts_the_alertmanager_config()
    {
        var amtool = ExternalTool.Find("amtool", output);
        if (amtool is null)
        {
            return;
        }

        var (exitCode, stdout, stderr) = ExternalTool.Run(amtool, ["check-config", ConfigPath]);

        Assert.True(exitCode == 0, $"amtool check-config exit {exitCode}:\n{stdout}{stderr}");
    }

    [Fact]
    public void Every_alert_is_routed_to_the_receiver_of_its_severity()
    {
        var amtool = ExternalTool.Find("amtool", output);
        if (amtool is null)
        {
            return;
        }

        Assert.All(PrometheusRules.Load().Alerts, alert =>
        {
            var severity = alert.Labels["severity"];
            var (exitCode, stdout, stderr) = ExternalTool.Run(
                amtool, ["config", "routes", "test", "--config.file=" + ConfigPath, "alertname=" + alert.Alert, "severity=" + severity]);

            Assert.True(exitCode == 0, $"amtool routes test exit {exitCode}:\n{stdout}{stderr}");
            Assert.Equal(severity + "-webhook", stdout.Trim());
        });
    }
}
