using System.Text.Json;
using System.Text.RegularExpressions;
using AutoTrader.Observability.Tests;

namespace AutoTrader.Cli.Tests.Operations;

/// <summary>The PromQL users are given: the Grafana dashboard's panel queries and the ```promql examples of the guide and the runbooks.</summary>
internal static partial class ShippedQueries
{
    /// <summary>
    /// Every target expression of deploy/grafana/dashboards/autotrader.json, by panel title, with
    /// Grafana's interval variables replaced by a range that holds several 1 s scrapes and every
    /// site and replica selected.
    /// </summary>
    public static List<(string Panel, string Expr)> DashboardPanels()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "deploy", "grafana", "dashboards", "autotrader.json")));
        return [.. dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(panel => panel.GetProperty("type").GetString() != "row")
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray()
                .Select(target => (panel.GetProperty("title").GetString()!, AllSelected(GrafanaInterval().Replace(target.GetProperty("expr").GetString()!, "1m")))))];
    }

    /// <summary>The query with every site and replica selected: the variables' "All" value, which also matches series without the label.</summary>
    private static string AllSelected(string expr) =>
        expr.Replace("=~\"$site\"", "=~\".*\"", StringComparison.Ordinal).Replace("=~\"$instance\"", "=~\".*\"", StringComparison.Ordinal);

    /// <summary>The markdown files whose ```promql blocks users run: the guide and every runbook.</summary>
    public static IEnumerable<string> MarkdownWithQueries() =>
        Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "docs", "runbooks"), "*.md").Order(StringComparer.Ordinal)
            .Prepend(Path.Combine(RepositoryRoot.Path, "docs", "observability-guide.md"));

    /// <summary>
    /// Every query of every ```promql block of a markdown file. A block holds one query a line,
    /// with <c>#</c> comment lines and blank lines between them; an indented line (relative to the
    /// block's fence) continues the query above it.
    /// </summary>
    public static List<string> PromQlExamples(string markdownPath)
    {
        var markdown = File.ReadAllText(markdownPath);
        var queries = new List<string>();
        foreach (Match block in PromQlBlock().Matches(markdown))
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

    /// <summary>How many ```promql blocks a markdown file has, to check the extraction found them all.</summary>
    public static int PromQlBlockCount(string markdownPath) => Regex.Count(File.ReadAllText(markdownPath), @"(?m)^[ \t]*```promql[ \t]*$");

    [GeneratedRegex(@"\$(?:__rate_interval|__interval|__range|\{__rate_interval\}|\{__interval\}|\{__range\})")]
    private static partial Regex GrafanaInterval();

    [GeneratedRegex(@"(?ms)^(?<indent>[ \t]*)```promql[ \t]*\n(?<body>.*?)^[ \t]*```[ \t]*$")]
    private static partial Regex PromQlBlock();
}
