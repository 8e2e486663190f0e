using AutoTrader.Observability.AspNetCore.Tests;
using Xunit.Abstractions;

namespace AutoTrader.Observability.Tests.Operations;

/// <summary>Runs the real promtool on the shipped fleet configs (deploy/fleet), the agent's in agent mode.</summary>
public sealed class FleetConfigTests(ITestOutputHelper output)
{
    private static readonly string Fleet = Path.Combine(RepositoryRoot.Path, "deploy", "fleet");

    [Theory]
    [InlineData("agent.yml", true)]
    [InlineData("central.yml", false)]
    public void Promtool_accepts_the_fleet_config(string file, bool agent)
    {
        var promtool = ExternalTool.Find("promtool", output);
        if (promtool is null)
        {
            return;
        }

        var (exitCode, stdout, stderr) = ExternalTool.Run(promtool, agent ? ["check", "config", "--agent", Path.Combine(Fleet, file)] : ["check", "config", Path.Combine(Fleet, file)]);

        output.WriteLine(stdout + stderr);
        Assert.True(exitCode == 0, $"promtool check config {file} exit {exitCode}:\n{stdout}{stderr}");
        Assert.DoesNotContain("WARNING", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_central_prometheus_loads_the_shipped_rules_file()
    {
        var central = File.ReadAllText(Path.Combine(Fleet, "central.yml"));

        Assert.Contains("  - ../prometheus/rules/*.rules.yml\n", central, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.GetFullPath(Path.Combine(Fleet, "..", "prometheus", "rules", Path.GetFileName(PrometheusRules.RulesPath)))));
    }
}
