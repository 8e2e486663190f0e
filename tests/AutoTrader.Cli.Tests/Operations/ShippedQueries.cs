using System.Text.Json;
using System.Text.RegularExpressions;
using AutoTrader.Observability.Tests;

namespace AutoTrader.Cli.Tests.Operations;

/// <summary>The PromQL users are given: the Grafana dashboard's panel queries and the guide's ```promql examples.</summary>
internal static partial class ShippedQueries
{
    /// <summary>
    /// Every target expression of deploy/grafana/dashboards/autotrader.json, by panel title, with
    /// Grafana's interval variables replaced by a range that holds several 1 s scrapes.
    /// </summary>
    public static List<(string Panel, string Expr)> DashboardPanels()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "deploy", "grafana", "dashboards", "autotrader.json")));
        return [.. dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray()
                .Select(target => (panel.GetProperty("title").GetString()!, GrafanaInterval().Replace(target.GetProperty("expr").GetString()!, "1m"))))];
    }

    /// <summary>
    /// Every query of every ```promql block of docs/observability-guide.md: a block holds one query
    /// or several separated by blank lines, with <c>#</c> comment lines; a query may span lines.
    /// </summary>
    public static List<string> GuideExamples()
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "observability-guide.md"));
        return [.. PromQlBlock().Matches(guide)
            .SelectMany(block => BlankLine().Split(block.Groups["body"].Value))
            .Select(chunk => string.Join(' ', chunk.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))))
            .Where(query => query.Length > 0)];
    }

    /// <summary>How many ```promql blocks the guide has, to check the extraction found them all.</summary>
    public static int GuideBlockCount() =>
        Regex.Count(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "observability-guide.md")), @"(?m)^[ \t]*```promql[ \t]*$");

    [GeneratedRegex(@"\$(?:__rate_interval|__interval|__range|\{__rate_interval\}|\{__interval\}|\{__range\})")]
    private static partial Regex GrafanaInterval();

    [GeneratedRegex(@"(?ms)^[ \t]*```promql[ \t]*\n(?<body>.*?)^[ \t]*```[ \t]*$")]
    private static partial Regex PromQlBlock();

    [GeneratedRegex(@"\n[ \t]*\n")]
    private static partial Regex BlankLine();
}
