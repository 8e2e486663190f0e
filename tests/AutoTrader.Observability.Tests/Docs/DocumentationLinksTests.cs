using System.Text;
using System.Text.RegularExpressions;

namespace AutoTrader.Observability.Tests.Docs;

/// <summary>
/// Every relative link of README.md and docs/ leads somewhere: to a file of the repository and, with
/// a <c>#fragment</c>, to a heading of that page (GitHub's anchors: lower case, punctuation dropped,
/// spaces as hyphens, <c>-1</c>, <c>-2</c> for repeats).
/// </summary>
public sealed partial class DocumentationLinksTests
{
    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^```", RegexOptions.Multiline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"^(#{1,6}) +(?<title>.+?) *#*$")]
    private static partial Regex Heading();

    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string> { "README.md" };
        foreach (var page in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            pages.Add(Path.GetRelativePath(RepositoryRoot.Path, page).Replace('\\', '/'));
        }

        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_leads_to_a_file_and_a_heading(string page)
    {
        var path = Path.Combine(RepositoryRoot.Path, page);
        var broken = new List<string>();
        foreach (Match link in MarkdownLink().Matches(WithoutCode(File.ReadAllText(path))))
        {
            var target = link.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var linked = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(linked) && !Directory.Exists(linked))
            {
                broken.Add(target + " (no such file)");
            }
            else if (hash >= 0 && linked.EndsWith(".md", StringComparison.Ordinal) && !AnchorsOf(linked).Contains(target[(hash + 1)..]))
            {
                broken.Add(target + " (no such heading)");
            }
        }

        Assert.True(broken.Count == 0, $"{page} links to: " + string.Join(", ", broken));
    }

    [Theory]
    [InlineData("Quick Start", "quick-start")]
    [InlineData("Monitoring & Alerting", "monitoring--alerting")]
    [InlineData("Exemplars: from a latency spike to its trace", "exemplars-from-a-latency-spike-to-its-trace")]
    [InlineData("Serving `/metrics`", "serving-metrics")]
    [InlineData("Across services: W3C `traceparent`", "across-services-w3c-traceparent")]
    public void A_heading_has_the_anchor_GitHub_gives_it(string title, string anchor) => Assert.Equal(anchor, Slug(title));

    private static HashSet<string> AnchorsOf(string page)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in WithoutCode(File.ReadAllText(page)).Split('\n'))
        {
            var heading = Heading().Match(line.TrimEnd('\r'));
            if (!heading.Success)
            {
                continue;
            }

            var slug = Slug(heading.Groups["title"].Value);
            var repeats = seen.GetValueOrDefault(slug);
            seen[slug] = repeats + 1;
            anchors.Add(repeats == 0 ? slug : $"{slug}-{repeats}");
        }

        return anchors;
    }

    private static string Slug(string title)
    {
        var slug = new StringBuilder(title.Length);
        foreach (var c in title.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    // Links and headings inside fenced code blocks are text, not markup.
    private static string WithoutCode(string markdown)
    {
        var parts = Fence().Split(markdown);
        return string.Join('\n', parts.Where((_, i) => i % 2 == 0));
    }
}
