using System.Text.RegularExpressions;
using AutoTrader.Observability.Tests;

namespace AutoTrader.Observability.AspNetCore.Tests.FrameworkMetrics;

/// <summary>The families of the "Framework metrics" table of docs/metrics.md, as the tests' specification.</summary>
internal static partial class DocumentedFrameworkFamilies
{
    public static IReadOnlyList<(string Name, string Type, IReadOnlyList<string> Labels)> Read()
    {
        var document = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "metrics.md"));
        var section = document[document.IndexOf("\n## Framework metrics\n", StringComparison.Ordinal)..];
        var families = Row().Matches(section)
            .Select(m => (m.Groups["name"].Value, m.Groups["type"].Value, (IReadOnlyList<string>)[.. Label().Matches(m.Groups["labels"].Value).Select(l => l.Groups[1].Value)]))
            .ToList();
        Assert.NotEmpty(families);
        return families;
    }

    [GeneratedRegex(@"^\| `(?<name>\w+)` \| (?<type>\w+) \| (?<labels>[^|]*) \|", RegexOptions.Multiline)]
    private static partial Regex Row();

    [GeneratedRegex("`(\\w+)`")]
    private static partial Regex Label();
}
