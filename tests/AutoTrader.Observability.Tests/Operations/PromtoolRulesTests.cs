using AutoTrader.Observability.AspNetCore.Tests;
using Xunit.Abstractions;

namespace AutoTrader.Observability.Tests.Operations;

/// <summary>Runs the real promtool on the shipped config, rules and rule unit tests.</summary>
public sealed class PromtoolRulesTests(ITestOutputHelper output)
{
    private static readonly string Deploy = Path.Combine(RepositoryRoot.Path, "deploy", "prometheus");

    [Theory]
    [InlineData("check", "config", "prometheus.yml")]
    [InlineData("check", "rules", "rules/autotrader.rules.yml")]
    [InlineData("test", "rules", "tests/autotrader.rules.test.yml")]
    [InlineData("test", "rules", "tests/fleet.rules.test.yml")]
    public void Promtool_accepts_the_shipped_file(string verb, string kind, string file)
    {
        var promtool = ExternalTool.Find("promtool", output);
        if (promtool is null)
        {
            return;
        }

        var (exitCode, stdout, stderr) = ExternalTool.Run(promtool, [verb, kind, Path.Combine(Deploy, file)]);

        output.WriteLine(stdout + stderr);
        Assert.True(exitCode == 0, $"promtool {verb} {kind} {file} exit {exitCode}:\n{stdout}{stderr}");
    }
}
