using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace AutoTrader.Observability.Tests.Operations;

public sealed partial class GrafanaDashboardTests
{
    private static readonly string DashboardPath = Path.Combine(RepositoryRoot.Path, "deploy", "grafana", "dashboards", "autotrader.json");
    private static readonly string DatasourcePath = Path.Combine(RepositoryRoot.Path, "deploy", "grafana", "provisioning", "datasources", "prometheus.yml");
    private static readonly string ComposePath = Path.Combine(RepositoryRoot.Path, "deploy", "docker-compose.yml");

    private static List<(string Title, string Type, List<string> Exprs, string? DatasourceUid)> Panels()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        return document.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.GetProperty("type").GetString() != "row")
            .Select(p => (
                p.GetProperty("title").GetString()!,
                p.GetProperty("type").GetString()!,
                p.TryGetProperty("targets", out var targets)
                    ? targets.EnumerateArray().Select(t => t.TryGetProperty("expr", out var e) ? e.GetString() ?? string.Empty : string.Empty).ToList()
                    : [],
                p.TryGetProperty("datasource", out var ds) && ds.TryGetProperty("uid", out var uid) ? uid.GetString() : null))
            .ToList();
    }

    [Fact]
    public void Every_panel_has_a_query_on_the_datasource_variable()
    {
        var panels = Panels();

        Assert.NotEmpty(panels);
        Assert.All(panels, panel =>
        {
            Assert.NotEmpty(panel.Exprs);
            Assert.All(panel.Exprs, expr => Assert.False(string.IsNullOrWhiteSpace(expr), panel.Title + " has an empty query"));
            Assert.Equal("${DS_PROMETHEUS}", panel.DatasourceUid);
        });
        using var document = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var variable = Assert.Single(document.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray(), v => v.GetProperty("name").GetString() == "DS_PROMETHEUS");
        Assert.Equal("datasource", variable.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("Scan Success Rate")]
    [InlineData("API Latency p95")]
    [InlineData("Error Rate")]
    [InlineData("Active Requests")]
    [InlineData("Data Source Latency p95")]
    [InlineData("Data Source Errors")]
    [InlineData("Cache Hit Ratio")]
    [InlineData("Circuit Breaker States")]
    [InlineData("LLM Tokens")]
    [InlineData("LLM Cost per Hour")]
    [InlineData("Scan Duration p95")]
    [InlineData("GemScore Distribution")]
    [InlineData("Confidence Distribution")]
    [InlineData("Telemetry Dropped")]
    public void Dashboard_has_the_panel(string title) => Assert.Contains(Panels(), p => p.Title == title);

    [Theory]
    [InlineData("API Latency p95", "autotrader:api_request_duration_seconds:p95_5m")]
    [InlineData("Scan Duration p95", "autotrader:scan_duration_seconds:p95_5m")]
    [InlineData("Data Source Latency p95", "autotrader:data_source_latency_seconds:p95_5m")]
    public void A_latency_panel_shows_exemplars_on_the_quantile_its_recording_rule_records(string title, string recordingRule)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var panel = Assert.Single(document.RootElement.GetProperty("panels").EnumerateArray(), p => p.GetProperty("title").GetString() == title);
        var target = Assert.Single(panel.GetProperty("targets").EnumerateArray());
        var expr = target.GetProperty("expr").GetString()!;

        Assert.True(target.TryGetProperty("exemplar", out var exemplar) && exemplar.GetBoolean(), title + " does not ask for exemplars");

        // Grafana asks Prometheus for the exemplars of the series the query selects: the buckets
        // carry them, a recording rule's series has none. The line stays the alert's quantile.
        Assert.Contains(PromQlMetricNames.In(expr), name => name.EndsWith("_bucket", StringComparison.Ordinal));
        Assert.Equal(Assert.Single(PrometheusRules.Load().Recordings, r => r.Record == recordingRule).Expr, DashboardFilters.Remove(expr));
    }

    [Fact]
    public void A_fleet_row_filters_by_site_and_a_per_replica_row_by_site_and_instance()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var variables = document.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        Assert.All(new[] { "site", "instance" }, name =>
        {
            var variable = variables[name];
            Assert.Equal("query", variable.GetProperty("type").GetString());
            Assert.StartsWith($"label_values(up{{job=\"autotrader\"", variable.GetProperty("query").GetProperty("query").GetString(), StringComparison.Ordinal);
            Assert.True(variable.GetProperty("includeAll").GetBoolean() && variable.GetProperty("multi").GetBoolean(), name + " cannot select all or several");
            Assert.Equal(".*", variable.GetProperty("allValue").GetString()); // matches series without the label too: one Prometheus, no site
        });

        var rows = new List<(string Row, string Title, List<string> Exprs)>();
        var row = string.Empty;
        foreach (var panel in document.RootElement.GetProperty("panels").EnumerateArray())
        {
            if (panel.GetProperty("type").GetString() == "row")
            {
                row = panel.GetProperty("title").GetString()!;
                continue;
            }

            rows.Add((row, panel.GetProperty("title").GetString()!, [.. panel.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!)]));
        }

        var fleet = rows.Where(p => p.Row.StartsWith("Fleet", StringComparison.Ordinal)).ToList();
        var perReplica = rows.Where(p => p.Row == "Per replica").ToList();
        Assert.Equal(rows.Count, fleet.Count + perReplica.Count);
        Assert.Contains(fleet, p => p.Title == "Scan Success Rate");
        Assert.Contains(perReplica, p => p.Exprs.Any(e => e.StartsWith("autotrader_instance:scan_requests:rate5m{", StringComparison.Ordinal)));
        Assert.All(fleet, p => Assert.All(p.Exprs, e => Assert.True(DashboardFilters.Uses(e, "site") && !DashboardFilters.Uses(e, "instance"), $"{p.Title}: {e}")));
        Assert.All(perReplica, p => Assert.All(p.Exprs, e => Assert.True(DashboardFilters.Uses(e, "site") && DashboardFilters.Uses(e, "instance"), $"{p.Title}: {e}")));
    }

    [Fact]
    public void An_exemplars_trace_id_links_to_its_trace_in_the_jaeger_ui_that_compose_publishes()
    {
        var datasource = (YamlMappingNode)Assert.Single(((YamlSequenceNode)Yaml(DatasourcePath)["datasources"]).Children);
        var destination = (YamlMappingNode)Assert.Single(((YamlSequenceNode)((YamlMappingNode)datasource["jsonData"])["exemplarTraceIdDestinations"]).Children);
        var services = (YamlMappingNode)Yaml(ComposePath)["services"];
        var grafanaEnvironment = (YamlMappingNode)((YamlMappingNode)services["grafana"])["environment"];
        var jaegerUi = new Uri(Scalar(grafanaEnvironment, "JAEGER_UI_URL"));

        Assert.Equal("trace_id", Scalar(destination, "name")); // the exemplar label of the OpenMetrics exposition
        Assert.Equal(jaegerUi + "trace/${__value.raw}", AsGrafanaReadsIt(Scalar(destination, "url"), grafanaEnvironment));
        var published = ((YamlSequenceNode)((YamlMappingNode)services["jaeger"])["ports"]).Children.Select(p => ((YamlScalarNode)p).Value!);
        Assert.Contains($"{jaegerUi.Port}:16686", published); // Jaeger's UI port
    }

    /// <summary>
    /// Grafana's provisioning: <c>${NAME}</c> becomes the environment variable (empty when unset,
    /// as <c>${__value.raw}</c> would be), <c>$$</c> a literal <c>$</c>.
    /// </summary>
    private static string AsGrafanaReadsIt(string value, YamlMappingNode environment) =>
        EnvironmentReference().Replace(value, m => m.Value == "$$"
            ? "$"
            : environment.Children.TryGetValue(new YamlScalarNode(m.Groups["name"].Value), out var set) ? ((YamlScalarNode)set).Value! : string.Empty);

    private static YamlMappingNode Yaml(string path)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(path)));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    [Fact]
    public void Every_metric_in_the_dashboard_and_rules_is_documented_or_recorded()
    {
        var known = DocumentedSeries().Concat(PrometheusRules.Load().Recordings.Select(r => r.Record!)).Append(PrometheusOwnSeries).ToHashSet();
        var exprs = Panels().SelectMany(p => p.Exprs).Concat(PrometheusRules.Load().Groups.SelectMany(g => g.Rules).Select(r => r.Expr)).ToList();

        var used = exprs.SelectMany(PromQlMetricNames.In).ToHashSet();

        Assert.Contains("scan_requests_total", used);
        Assert.Contains("autotrader:scan_error_ratio:rate5m", used);
        Assert.All(used, name => Assert.Contains(name, known));
    }

    [Fact]
    public void Metric_name_extraction_skips_functions_labels_and_keywords()
    {
        var names = PromQlMetricNames.In("sum by (le, source) (rate(a_bucket{status=\"x y\"}[5m])) / on (source) b > bool 0.5 unless c:d");

        Assert.Equal(["a_bucket", "b", "c:d"], names.Order(StringComparer.Ordinal));
    }

    /// <summary>The series Prometheus itself writes for every scrape target: 1 when the scrape succeeded, else 0.</summary>
    private const string PrometheusOwnSeries = "up";

    /// <summary>Every series name docs/metrics.md promises, with the _bucket/_sum/_count of histograms.</summary>
    private static IEnumerable<string> DocumentedSeries()
    {
        foreach (Match row in MetricRow().Matches(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "metrics.md"))))
        {
            var name = row.Groups["name"].Value;
            yield return name;
            if (row.Groups["type"].Value == "histogram")
            {
                yield return name + "_bucket";
                yield return name + "_sum";
                yield return name + "_count";
            }
        }
    }

    [GeneratedRegex(@"^\| `(?<name>[a-z_]+)` \| (?<type>\w+) \|", RegexOptions.Multiline)]
    private static partial Regex MetricRow();

    [GeneratedRegex(@"\$\$|\$\{(?<name>[^}]+)\}")]
    private static partial Regex EnvironmentReference();
}
