namespace AutoTrader.Observability.Tests.Operations;

public sealed class AlertRunbookTests
{
    private static readonly string RunbookDirectory = Path.Combine(RepositoryRoot.Path, "docs", "runbooks");

    [Fact]
    public void Every_alert_links_a_runbook_that_exists()
    {
        var alerts = PrometheusRules.Load().Alerts.ToList();

        Assert.NotEmpty(alerts);
        Assert.All(alerts, alert =>
        {
            Assert.True(alert.Annotations.TryGetValue("runbook_url", out var url), $"{alert.Alert} has no runbook_url");
            Assert.Equal($"docs/runbooks/{alert.Alert}.md", url);
            Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, url!)), $"{url} does not exist");
        });
    }

    [Fact]
    public void Every_runbook_belongs_to_an_alert()
    {
        var alertNames = PrometheusRules.Load().Alerts.Select(a => a.Alert).ToHashSet();

        var runbooks = Directory.GetFiles(RunbookDirectory, "*.md").Select(Path.GetFileNameWithoutExtension).ToList();

        Assert.NotEmpty(runbooks);
        Assert.All(runbooks, name => Assert.Contains(name, alertNames));
    }

    [Fact]
    public void Every_runbook_says_what_it_means_how_to_confirm_and_what_to_do()
    {
        Assert.All(Directory.GetFiles(RunbookDirectory, "*.md"), path =>
        {
            var text = File.ReadAllText(path);
            Assert.StartsWith("# " + Path.GetFileNameWithoutExtension(path) + "\n", text, StringComparison.Ordinal);
            Assert.Contains("## What it means", text, StringComparison.Ordinal);
            Assert.Contains("## How to confirm", text, StringComparison.Ordinal);
            Assert.Contains("```promql", text, StringComparison.Ordinal);
            Assert.Contains("## What to do", text, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("HighScanErrorRate", "warning", "5m")]
    [InlineData("HighAPILatency", "warning", "5m")]
    [InlineData("HighDataSourceLatency", "warning", "5m")]
    [InlineData("CircuitBreakerOpen", "critical", "1m")]
    [InlineData("CircuitBreakerTripping", "critical", null)]
    [InlineData("TelemetryLoss", "warning", "10m")]
    [InlineData("TargetDown", "warning", "1m")]
    [InlineData("AllReplicasDown", "critical", "1m")]
    public void Alert_has_the_guide_and_facts_severity_duration_and_annotations(string name, string severity, string? forDuration)
    {
        var alert = Assert.Single(PrometheusRules.Load().Alerts, a => a.Alert == name);

        Assert.Equal(severity, alert.Labels["severity"]);
        Assert.Equal(forDuration, alert.For);
        Assert.False(string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault("summary")), name + " has no summary");
        Assert.False(string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault("description")), name + " has no description");
    }
}
