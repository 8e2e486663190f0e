using System.Diagnostics.CodeAnalysis;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>
/// The family of each metric stream, computed once per stream, and which families one payload has
/// already written: two streams with one Prometheus name (e.g. the same instrument with another
/// description) would give a family two headers, which Prometheus rejects, so the first one wins.
/// </summary>
internal sealed class PayloadFamilies
{
    private readonly Dictionary<Metric, MetricFamily?> families = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> written = new(StringComparer.Ordinal);

    /// <summary>Starts a new payload: families may be written once each again.</summary>
    public void Reset() => written.Clear();

    /// <summary>The family of <paramref name="metric"/> when this payload should write it: it has one, and no stream wrote it yet.</summary>
    public bool TryTake(Metric metric, [MaybeNullWhen(false)] out MetricFamily family)
    {
        if (!families.TryGetValue(metric, out var known))
        {
            known = MetricFamily.For(metric);
            families[metric] = known;
        }

        family = known;
        return known is not null && written.Add(known.Name);
    }
}
