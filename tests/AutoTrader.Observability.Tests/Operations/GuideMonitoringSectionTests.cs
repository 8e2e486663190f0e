using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AutoTrader.Observability.Tests.Operations;

/// <summary>The guide's Monitoring &amp; Alerting section shows the queries and rules that ship.</summary>
public sealed class GuideMonitoringSectionTests
{
    private static string Section()
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "observability-guide.md"));
        var start = guide.IndexOf("\n## Monitoring & Alerting\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "the guide has no Monitoring & Alerting section");
        var end = guide.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        return end < 0 ? guide[start..] : guide[start..end];
    }

    [Fact]
    public void Every_promql_example_is_a_dashboard_query_with_every_site_and_replica_selected()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "deploy", "grafana", "dashboards", "autotrader.json")));
        var queries = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.GetProperty("type").GetString() != "row")
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => DashboardFilters.Remove(t.GetProperty("expr").GetString()!)).ToHashSet();

        var examples = Block("promql").Matches(Section()).Select(m => m.Groups["body"].Value.Trim()).ToList();

        Assert.Equal(4, examples.Count);
        Assert.All(examples, example => Assert.Contains(example, queries));
    }

    [Fact]
    public void Every_rule_in_the_yaml_example_equals_the_shipped_rule()
    {
        var shipped = PrometheusRules.Load().Groups.SelectMany(g => g.Rules).ToList();
        var yaml = Assert.Single(Block("yaml").Matches(Section())).Groups["body"].Value;

        var examples = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
            .Deserialize<List<PrometheusRules.Rule>>(yaml);

        Assert.Equal(shipped.Count(r => r.Alert is not null), examples.Count(r => r.Alert is not null));
        Assert.All(examples, example =>
        {
            var rule = Assert.Single(shipped, r => r.Alert == example.Alert && r.Record == example.Record);
            Assert.Equal(rule.Expr, example.Expr);
            Assert.Equal(rule.For, example.For);
            Assert.Equal(rule.Labels.GetValueOrDefault("severity"), example.Labels.GetValueOrDefault("severity"));
        });
    }

    private static Regex Block(string language) => new("```" + language + @"\n(?<body>.*?)```", RegexOptions.Singleline);
}
