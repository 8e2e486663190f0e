using System.Text.RegularExpressions;

namespace AutoTrader.Observability.Tests.Docs;

/// <summary>
/// Docs are code: every C# block in <c>docs/</c> and <c>README.md</c> is preceded by
/// <c>&lt;!-- snippet: NAME --&gt;</c> and must equal, line for line, the
/// <c>#region snippet: NAME</c> of a test source file, where it compiles and runs, or of the
/// product's own source (the scanner's code shown as an integration example), which its tests run.
/// </summary>
public sealed partial class DocumentationSnippetsTests
{
    [GeneratedRegex(@"<!-- snippet: (?<name>[\w.-]+) -->\s*\n```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex MarkedBlock();

    [GeneratedRegex(@"```csharp\n", RegexOptions.Singleline)]
    private static partial Regex AnyBlock();

    [GeneratedRegex(@"^[ \t]*#region snippet: (?<name>[\w.-]+)[ \t]*\r?\n(?<code>.*?)^[ \t]*#endregion", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Region();

    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "docs"), "*.md", SearchOption.AllDirectories).Append(Path.Combine(RepositoryRoot.Path, "README.md")))
        {
            data.Add(Path.GetRelativePath(RepositoryRoot.Path, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_csharp_block_is_a_snippet_that_a_test_compiles_and_runs(string document)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, document)).ReplaceLineEndings("\n");
        var marked = MarkedBlock().Matches(text);
        Assert.Equal(AnyBlock().Count(text), marked.Count);

        var regions = SourceRegions();
        foreach (Match block in marked)
        {
            var name = block.Groups["name"].Value;
            Assert.True(regions.TryGetValue(name, out var code), $"{document}: no test has '#region snippet: {name}'");
            Assert.Equal(code, Dedent(block.Groups["code"].Value));
        }
    }

    private static Dictionary<string, string> SourceRegions()
    {
        var regions = new Dictionary<string, string>();
        var sources = new[] { "tests", "src" }.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, folder), "*.cs", SearchOption.AllDirectories));
        foreach (var file in sources)
        {
            if (file.Contains("/obj/", StringComparison.Ordinal) || file.Contains("/bin/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match region in Region().Matches(File.ReadAllText(file).ReplaceLineEndings("\n")))
            {
                regions[region.Groups["name"].Value] = Dedent(region.Groups["code"].Value);
            }
        }

        return regions;
    }

    private static string Dedent(string code)
    {
        var lines = code.TrimEnd('\n').Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }
}
