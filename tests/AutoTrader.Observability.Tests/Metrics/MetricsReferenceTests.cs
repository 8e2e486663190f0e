using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics;

namespace AutoTrader.Observability.Tests.Metrics;

/// <summary>Keeps docs/metrics.md in step with the catalog and the runtime's and framework's instruments (published by <see cref="LiveFrameworkMeters"/>).</summary>
[Collection(FrameworkInstrumentsGroup.Name)]
public sealed class MetricsReferenceTests(LiveFrameworkMeters live)
{
    private static readonly string DocumentPath = Path.Combine(RepositoryRoot.Path, "docs", "metrics.md");

    [Fact]
    public void Docs_metrics_md_matches_the_catalog()
    {
        Assert.NotEmpty(live.Recorded);
        var generated = MetricsReference.Markdown();
        if (Environment.GetEnvironmentVariable("AUTOTRADER_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(DocumentPath, generated);
        }

        var committed = File.Exists(DocumentPath) ? File.ReadAllText(DocumentPath).ReplaceLineEndings("\n") : string.Empty;
        Assert.True(
            committed == generated,
            "docs/metrics.md is out of step with MetricCatalog or the runtime's or framework's instruments; regenerate it with: " +
            "AUTOTRADER_UPDATE_DOCS=1 dotnet test tests/AutoTrader.Observability.Tests --filter MetricsReferenceTests");
    }

    [Fact]
    public void Docs_metrics_md_lists_every_family_of_the_guide()
    {
        var document = File.ReadAllText(DocumentPath);
        Assert.All(GuideMetrics.Families, f => Assert.Contains($"| `{f.Name}` | {f.Type} | {string.Join(", ", f.Labels.Select(l => "`" + l + "`"))} |", document, StringComparison.Ordinal));
    }
}
