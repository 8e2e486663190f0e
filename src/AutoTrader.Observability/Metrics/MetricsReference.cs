using System.Globalization;
using System.Text;

namespace AutoTrader.Observability.Metrics;

/// <summary>Renders the metric catalog as the Markdown reference <c>docs/metrics.md</c>.</summary>
internal static class MetricsReference
{
    public static string Markdown(IEnumerable<MetricDefinition> families)
    {
        var text = new StringBuilder();
        text.Append("# Metrics reference\n\n")
            .Append("Generated from `MetricCatalog` by `MetricsReferenceTests`; do not edit by hand. Regenerate with\n")
            .Append("`AUTOTRADER_UPDATE_DOCS=1 dotnet test tests/AutoTrader.Observability.Tests --filter MetricsReferenceTests`.\n\n")
            .Append("Buckets are the defaults (FACTS.md); `metrics.histograms` in `configs/observability.yaml` overrides them.\n")
            .Append("Every histogram also has a `+Inf` bucket, and `_sum` and `_count` series.\n\n")
            .Append("| name | type | labels | buckets | help |\n")
            .Append("|---|---|---|---|---|\n");
        foreach (var family in families)
        {
            text.Append("| `").Append(family.Name).Append("` | ")
                .Append(family.Kind.ToString().ToLowerInvariant()).Append(" | ")
                .Append(string.Join(", ", family.LabelNames.Select(l => "`" + l + "`"))).Append(" | ")
                .Append(string.Join(", ", family.Buckets.Select(b => b.ToString(CultureInfo.InvariantCulture)))).Append(" | ")
                .Append(family.Help).Append(" |\n");
        }

        return text.ToString();
    }
}
