using System.Text.RegularExpressions;

namespace AutoTrader.Observability.Tests.Operations;

/// <summary>The Reliability table of docs/operations.md names tests that exist: a guarantee whose test is renamed or deleted is noticed.</summary>
public sealed partial class ReliabilitySectionTests
{
    // `Class`, `Class.Method`, `Project/Class.Method` or `…Method` (a method of the class named before it).
    [GeneratedRegex(@"`(?:[\w.]+/)?…?(?<name>[A-Z]\w*(?:\.[A-Z]\w*)?)`")]
    private static partial Regex TestName();

    [Fact]
    public void Every_test_a_guarantee_names_exists()
    {
        var operations = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "operations.md"));
        var start = operations.IndexOf("\n## Reliability\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/operations.md has no Reliability section");
        var end = operations.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        var rows = operations[start..end].Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Skip(2).ToList();
        var sources = string.Join('\n', Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Select(File.ReadAllText));

        Assert.True(rows.Count >= 15, $"only {rows.Count} guarantees");
        var missing = new List<string>();
        foreach (var row in rows)
        {
            var provenBy = row[(row.LastIndexOf(" | ", row.Length - 3, StringComparison.Ordinal) + 3)..];
            var names = TestName().Matches(provenBy).Select(m => m.Groups["name"].Value).Where(n => n.Contains("Tests", StringComparison.Ordinal) || n.Contains('_', StringComparison.Ordinal)).ToList();
            Assert.True(names.Count > 0 || provenBy.Contains("promtool", StringComparison.Ordinal), "a guarantee without a test: " + row);
            foreach (var name in names)
            {
                var parts = name.Split('.');
                var found = parts.Length == 1
                    ? sources.Contains($"class {name}", StringComparison.Ordinal) || sources.Contains($" {name}(", StringComparison.Ordinal)
                    : sources.Contains($"class {parts[0]}", StringComparison.Ordinal) && sources.Contains($" {parts[1]}(", StringComparison.Ordinal);
                if (!found)
                {
                    missing.Add(name);
                }
            }
        }

        Assert.Empty(missing);
    }
}
