using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AutoTrader.Observability.Tests.Operations;

/// <summary>The shipped Prometheus rules file, read with YamlDotNet.</summary>
internal sealed class PrometheusRules
{
    public static readonly string RulesPath = System.IO.Path.Combine(RepositoryRoot.Path, "deploy", "prometheus", "rules", "autotrader.rules.yml");

    public List<RuleGroup> Groups { get; set; } = [];

    public IEnumerable<Rule> Alerts => Groups.SelectMany(g => g.Rules).Where(r => r.Alert is not null);

    public IEnumerable<Rule> Recordings => Groups.SelectMany(g => g.Rules).Where(r => r.Record is not null);

    public static PrometheusRules Load() =>
        new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
            .Deserialize<PrometheusRules>(File.ReadAllText(RulesPath));

    internal sealed class RuleGroup
    {
        public string Name { get; set; } = string.Empty;

        public List<Rule> Rules { get; set; } = [];
    }

    internal sealed class Rule
    {
        public string? Alert { get; set; }

        public string? Record { get; set; }

        public string Expr { get; set; } = string.Empty;

        public string? For { get; set; }

        public Dictionary<string, string> Labels { get; set; } = [];

        public Dictionary<string, string> Annotations { get; set; } = [];
    }
}
