using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics;

namespace AutoTrader.Observability.Tests.Metrics;

public sealed class MetricCatalogTests
{
    private static readonly IReadOnlyList<MetricDefinition> Catalog = MetricCatalog.Families(new HistogramBucketOptions());

    [Fact]
    public void Catalog_has_exactly_the_guides_families_with_their_types_and_label_names()
    {
        var actual = Catalog.Select(f => (f.Name, Type: f.Kind.ToString().ToLowerInvariant(), Labels: string.Join(",", f.LabelNames))).ToList();
        var expected = GuideMetrics.Families.Select(f => (f.Name, f.Type, Labels: string.Join(",", f.Labels))).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_family_has_help_text_and_every_counter_ends_in_total()
    {
        Assert.All(Catalog, f => Assert.False(string.IsNullOrWhiteSpace(f.Help), f.Name));
        Assert.All(Catalog.Where(f => f.Kind == MetricKind.Counter), f => Assert.EndsWith("_total", f.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void Histograms_default_to_the_buckets_of_FACTS()
    {
        var histograms = Catalog.Where(f => f.Kind == MetricKind.Histogram).ToDictionary(f => f.Name, f => f.Buckets.ToArray());
        Assert.Equal(GuideMetrics.Buckets.OrderBy(b => b.Key), histograms.OrderBy(h => h.Key));
    }

    [Fact]
    public void Bucket_overrides_from_configuration_replace_the_defaults()
    {
        var options = ObservabilityConfiguration.LoadYaml(
            "observability:\n  metrics:\n    histograms:\n      scan_duration_buckets: [1.0, 5.0, 10.0]\n",
            environment: new Dictionary<string, string>());
        var scan = MetricCatalog.Families(options.Metrics.Histograms).Single(f => f.Name == "scan_duration_seconds");
        Assert.Equal([1.0, 5.0, 10.0], scan.Buckets);
    }
}
