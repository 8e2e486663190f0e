using AutoTrader.Cli.Alerting;
using AutoTrader.Observability.AspNetCore.Tests;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tests;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace AutoTrader.Cli.Tests;

/// <summary>
/// <c>autotrader alert-rules</c>: the shipped rules file is the rendering of the shipped
/// configuration, and every configured threshold, <c>for</c> and severity reaches the rules.
/// </summary>
public sealed class AlertRulesCommandTests(ITestOutputHelper output)
{
    private const string Regenerate =
        "AUTOTRADER_UPDATE_DOCS=1 dotnet test tests/AutoTrader.Cli.Tests --filter AlertRulesCommandTests, " +
        "then AUTOTRADER_UPDATE_DOCS=1 dotnet test tests/AutoTrader.Observability.Tests --filter KubernetesManifestTests (the PrometheusRule wraps the rules file)";

    private const string TunedAlerts = """
        observability:
          alerts:
            scan_error_rate: { threshold: 0.1, for: "15m", severity: "critical" }
            data_source_latency: { threshold: 7.5, for: "2m", severity: "info" }
            circuit_breaker_trips: { threshold: 5, for: "1m", severity: "warning" }
            api_latency_p95: { threshold: 1.5, for: "0s", severity: "critical" }
        """;

    private static readonly string ShippedConfig = Path.Combine(RepositoryRoot.Path, "configs", "observability.yaml");
    private static readonly string ShippedRules = Path.Combine(RepositoryRoot.Path, "deploy", "prometheus", "rules", "autotrader.rules.yml");

    [Fact]
    public void The_shipped_rules_file_is_the_rendering_of_the_shipped_configuration()
    {
        var rendered = AlertRulesFile.Render(ObservabilityConfiguration.Load(ShippedConfig, environment: new Dictionary<string, string>()).Alerts);
        if (Environment.GetEnvironmentVariable("AUTOTRADER_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(ShippedRules, rendered);
        }

        Assert.True(
            File.ReadAllText(ShippedRules).ReplaceLineEndings("\n") == rendered,
            "deploy/prometheus/rules/autotrader.rules.yml is out of step with configs/observability.yaml's alerts section; regenerate it with: " + Regenerate);
    }

    [Fact]
    public void Each_configured_threshold_for_and_severity_reaches_its_alert()
    {
        using var config = new TempYamlFile(TunedAlerts);
        using var p = AutotraderProcess.Run(["alert-rules", "--config", config.Path]);

        Assert.True(p.ExitCode == 0, p.Stderr);
        var alerts = AlertsOf(p.Stdout);
        AssertAlert(alerts["HighScanErrorRate"], "autotrader:scan_error_ratio:rate5m > 0.1", "15m", "critical", "(threshold 10%)");
        AssertAlert(alerts["HighDataSourceLatency"], "autotrader:data_source_latency_seconds:p95_5m > 7.5", "2m", "info", "(threshold 7.5s)");
        AssertAlert(alerts["CircuitBreakerTripping"], "increase(circuit_breaker_trips_total[10m]) >= 5", "1m", "warning", "(threshold 5)");
        AssertAlert(alerts["HighAPILatency"], "autotrader:api_request_duration_seconds:p95_5m > 1.5", null, "critical", "(threshold 1.5s)");
    }

    [Fact]
    public void Promtool_accepts_rules_rendered_from_tuned_alerts()
    {
        var promtool = ExternalTool.Find("promtool", output);
        if (promtool is null)
        {
            return;
        }

        using var config = new TempYamlFile(TunedAlerts);
        using var rules = new TempYamlFile(string.Empty);
        using var p = AutotraderProcess.Run(["alert-rules", "--config", config.Path, "--output", rules.Path]);
        Assert.True(p.ExitCode == 0, p.Stderr);

        var (exitCode, stdout, stderr) = ExternalTool.Run(promtool, ["check", "rules", rules.Path]);
        Assert.True(exitCode == 0, stdout + stderr);
    }

    [Fact]
    public void Output_replaces_the_file_with_the_rules_and_writes_nothing_to_stdout()
    {
        using var rules = new TempYamlFile("# old rules\n");
        using var p = AutotraderProcess.Run(["alert-rules", "--config", ShippedConfig, "--output", rules.Path]);

        Assert.True(p.ExitCode == 0, p.Stderr);
        Assert.Empty(p.Stdout);
        Assert.Equal(File.ReadAllText(ShippedRules), File.ReadAllText(rules.Path));
        Assert.False(File.Exists(rules.Path + ".partial"));
    }

    [Fact]
    public void An_invalid_alerts_section_is_named_and_leaves_the_output_as_it_was()
    {
        using var config = new TempYamlFile("observability:\n  alerts:\n    scan_error_rate: { for: soon }\n");
        using var rules = new TempYamlFile("# old rules\n");
        using var p = AutotraderProcess.Run(["alert-rules", "--config", config.Path, "--output", rules.Path]);

        Assert.Equal(2, p.ExitCode);
        Assert.Contains($"observability.alerts.scan_error_rate.for = 'soon' ({config.Path}:3): must be a Prometheus duration", p.Stderr, StringComparison.Ordinal);
        Assert.Equal("# old rules\n", File.ReadAllText(rules.Path));
    }

    [Fact]
    public void An_output_that_cannot_be_written_is_an_error_on_stderr()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"autotrader-{Guid.NewGuid():N}", "autotrader.rules.yml");
        using var p = AutotraderProcess.Run(["alert-rules", "--output", missing]);

        Assert.Equal(1, p.ExitCode);
        Assert.Contains($"alert-rules: cannot write '{missing}'", p.Stderr, StringComparison.Ordinal);
        Assert.Empty(p.Stdout);
    }

    private static Dictionary<string, YamlMappingNode> AlertsOf(string rules)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(rules));
        return ((YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["groups"]).Children
            .SelectMany(group => ((YamlSequenceNode)((YamlMappingNode)group)["rules"]).Children.Cast<YamlMappingNode>())
            .Where(rule => rule.Children.ContainsKey("alert"))
            .ToDictionary(rule => Scalar(rule, "alert"));
    }

    private static void AssertAlert(YamlMappingNode alert, string expr, string? forDuration, string severity, string threshold)
    {
        Assert.Equal(expr, Scalar(alert, "expr"));
        Assert.Equal(forDuration, alert.Children.ContainsKey("for") ? Scalar(alert, "for") : null);
        Assert.Equal(severity, Scalar((YamlMappingNode)alert["labels"], "severity"));
        Assert.Contains(threshold, Scalar((YamlMappingNode)alert["annotations"], "description"), StringComparison.Ordinal);
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;
}
