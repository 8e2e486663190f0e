using System.Globalization;
using System.Text.RegularExpressions;

namespace AutoTrader.Observability.Tests.Metrics;

/// <summary>The .NET runtime's metrics on a real scrape: typed by how they behave, and documented.</summary>
public sealed partial class RuntimeMetricsTests
{
    [Fact]
    public async Task The_thread_pool_thread_count_and_queue_length_are_gauges_under_the_names_of_the_fixed_runtime()
    {
        await Task.Run(() => { }); // the pool has a thread
        using var pipeline = new MetricsTestPipeline();

        var scrape = pipeline.Scrape();

        Assert.Contains("# TYPE dotnet_thread_pool_thread_count_value gauge\n", scrape, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_thread_pool_queue_length gauge\n", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet_thread_pool_thread_count_total", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet_thread_pool_queue_length_total", scrape, StringComparison.Ordinal);
        Assert.True(Sample(scrape, "dotnet_thread_pool_thread_count_value") >= 1);
        Assert.True(Sample(scrape, "dotnet_thread_pool_queue_length") >= 0);
    }

    [Fact]
    public void Every_runtime_family_on_the_scrape_is_in_docs_metrics_md_with_its_type()
    {
        using var pipeline = new MetricsTestPipeline();

        var scraped = TypeLine().Matches(pipeline.Scrape()).Select(m => (m.Groups["name"].Value, m.Groups["type"].Value)).ToList();

        var document = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "metrics.md"));
        var section = document[document.IndexOf("\n## .NET runtime metrics\n", StringComparison.Ordinal)..];
        var documented = DocumentedRow().Matches(section).Select(m => (m.Groups["name"].Value, m.Groups["type"].Value)).ToHashSet();
        Assert.Contains(("dotnet_thread_pool_thread_count_value", "gauge"), scraped);
        Assert.All(scraped, family => Assert.Contains(family, documented));
    }

    private static double Sample(string scrape, string name) =>
        double.Parse(scrape.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..], CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^# TYPE (?<name>dotnet_\w+) (?<type>\w+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^\| `(?<name>dotnet_\w+)` \| (?<type>\w+) \|", RegexOptions.Multiline)]
    private static partial Regex DocumentedRow();
}
