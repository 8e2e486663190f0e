using AutoTrader.Observability.Configuration;
using YamlDotNet.RepresentationModel;

namespace AutoTrader.Observability.Tests.Operations;

/// <summary>
/// deploy/kubernetes, checked on paper: no cluster runs it. The PrometheusRule is the shipped rules
/// file, generated; the probes, ports and scrape settings agree with the service's defaults and
/// with each other.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string ManifestDirectory = Path.Combine(RepositoryRoot.Path, "deploy", "kubernetes");
    private static readonly string PrometheusRulePath = Path.Combine(ManifestDirectory, "prometheusrule.yaml");

    /// <summary>The PrometheusRule wrapping <paramref name="rules"/> (the rules file's text) as its spec, comments and all.</summary>
    public static string PrometheusRule(string rules) =>
        """
        # Generated from deploy/prometheus/rules/autotrader.rules.yml by KubernetesManifestTests; do not edit:
        # AUTOTRADER_UPDATE_DOCS=1 dotnet test tests/AutoTrader.Observability.Tests --filter KubernetesManifestTests
        # Prometheus Operator loads it when its ruleSelector matches these labels (add the ones yours selects).
        apiVersion: monitoring.coreos.com/v1
        kind: PrometheusRule
        metadata:
          name: autotrader
          labels: { app.kubernetes.io/name: autotrader }
        spec:

        """ + string.Concat(rules.ReplaceLineEndings("\n").Split('\n').SkipLast(1).Select(line => (line.Length == 0 ? string.Empty : "  " + line) + "\n"));

    [Fact]
    public void The_prometheus_rule_is_the_shipped_rules_file()
    {
        var generated = PrometheusRule(File.ReadAllText(PrometheusRules.RulesPath));
        if (Environment.GetEnvironmentVariable("AUTOTRADER_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(PrometheusRulePath, generated);
        }

        Assert.True(
            File.ReadAllText(PrometheusRulePath).ReplaceLineEndings("\n") == generated,
            "deploy/kubernetes/prometheusrule.yaml is out of step with deploy/prometheus/rules/autotrader.rules.yml; regenerate it with: " +
            "AUTOTRADER_UPDATE_DOCS=1 dotnet test tests/AutoTrader.Observability.Tests --filter KubernetesManifestTests");
    }

    [Fact]
    public void The_prometheus_rule_spec_parses_to_the_same_groups_as_the_rules_file()
    {
        var spec = (YamlMappingNode)Load(PrometheusRulePath)["spec"];
        var rules = Load(PrometheusRules.RulesPath);

        Assert.Equal(Canonical(rules["groups"]), Canonical(spec["groups"]));
        Assert.Equal(PrometheusRules.Load().Groups.Sum(g => g.Rules.Count), ((YamlSequenceNode)spec["groups"]).Children.Sum(g => ((YamlSequenceNode)((YamlMappingNode)g)["rules"]).Children.Count));
    }

    [Fact]
    public void The_probes_ask_the_health_endpoints_on_the_api_port_and_the_service_monitor_scrapes_the_metrics_port()
    {
        var defaults = new ObservabilityOptions();
        var container = (YamlMappingNode)((YamlSequenceNode)At(Load(Path.Combine(ManifestDirectory, "deployment.yaml")), "spec", "template", "spec", "containers")).Children.Single();
        var args = ((YamlSequenceNode)container["args"]).Children.Select(a => ((YamlScalarNode)a).Value!).ToList();
        var ports = ((YamlSequenceNode)container["ports"]).Children.Cast<YamlMappingNode>().ToDictionary(p => Scalar(p, "name"), p => Scalar(p, "containerPort"));

        Assert.Equal(defaults.Health.LivenessEndpoint, Scalar((YamlMappingNode)At(container, "livenessProbe", "httpGet"), "path"));
        Assert.Equal(defaults.Health.Endpoint, Scalar((YamlMappingNode)At(container, "readinessProbe", "httpGet"), "path"));
        Assert.Equal("api", Scalar((YamlMappingNode)At(container, "livenessProbe", "httpGet"), "port"));
        Assert.Equal("api", Scalar((YamlMappingNode)At(container, "readinessProbe", "httpGet"), "port"));
        Assert.Equal(ports["api"], args[args.IndexOf("--api-port") + 1]);
        Assert.Equal(ports["metrics"], args[args.IndexOf("--metrics-port") + 1]);

        var service = Load(Path.Combine(ManifestDirectory, "service.yaml"));
        var servicePorts = ((YamlSequenceNode)At(service, "spec", "ports")).Children.Cast<YamlMappingNode>().Select(p => (Scalar(p, "name"), Scalar(p, "targetPort"))).ToList();
        Assert.Equal([("api", "api"), ("metrics", "metrics")], servicePorts);

        var monitor = Load(Path.Combine(ManifestDirectory, "servicemonitor.yaml"));
        var endpoint = (YamlMappingNode)((YamlSequenceNode)At(monitor, "spec", "endpoints")).Children.Single();
        Assert.Equal("metrics", Scalar(endpoint, "port"));
        Assert.Equal(defaults.Metrics.Path, Scalar(endpoint, "path"));
        Assert.Equal("autotrader", Scalar((YamlMappingNode)At(service, "metadata"), "name")); // the job the rules select
    }

    private static YamlMappingNode Load(string path)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(path)));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlNode At(YamlMappingNode node, params string[] keys) =>
        keys.Aggregate((YamlNode)node, (current, key) => ((YamlMappingNode)current)[key]);

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    /// <summary>A node's content as text, independent of style and comments.</summary>
    private static string Canonical(YamlNode node) => node switch
    {
        YamlScalarNode scalar => "'" + scalar.Value + "'",
        YamlSequenceNode sequence => "[" + string.Join(",", sequence.Children.Select(Canonical)) + "]",
        YamlMappingNode mapping => "{" + string.Join(",", mapping.Children.Select(c => Canonical(c.Key) + ":" + Canonical(c.Value))) + "}",
        _ => throw new InvalidOperationException("unexpected node " + node.NodeType),
    };
}
