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
    /// Every query of every ```promql block of docs/observability-guide.md. A block holds one query
    /// a line, with <c>#</c> comment lines and blank lines between them; an indented line (relative
    /// to the block's fence) continues the query above it.
    /// </summary>
    public static List<string> GuideExamples()
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "observability-guide.md"));
        var queries = new List<string>();
        foreach (Match block in PromQlBlock().Matches(guide))
        {
            var indent = block.Groups["indent"].Value;
            foreach (var line in block.Groups["body"].Value.Split('\n').Select(l => l.StartsWith(indent, StringComparison.Ordinal) ? l[indent.Length..] : l))
            {
                if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
                {
                    continue;
                }

                if (char.IsWhiteSpace(line[0]) && queries.Count > 0)
                {
                    queries[^1] += " " + line.Trim();
                }
                else
                {
                    queries.Add(line.Trim());
                }
            }
        }

        return queries;
    }

    /// <summary>How many ```promql blocks the guide has, to check the extraction found them all.</summary>
    public static int GuideBlockCount() =>
        Regex.Count(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "observability-guide.md")), @"(?m)^[ \t]*```promql[ \t]*$");

    [GeneratedRegex(@"\$(?:__rate_interval|__interval|__range|\{__rate_interval\}|\{__interval\}|\{__range\})")]
    private static partial Regex GrafanaInterval();

    [GeneratedRegex(@"(?ms)^(?<indent>[ \t]*)```promql[ \t]*\n(?<body>.*?)^[ \t]*```[ \t]*$")]
    private static partial Regex PromQlBlock();
}
