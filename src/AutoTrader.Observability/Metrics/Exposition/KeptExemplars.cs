using System.Diagnostics;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>
/// The exemplars the OpenTelemetry SDK kept for one metric point, and which of them a sample
/// carries: a counter's first, a histogram bucket's the one whose value lies in that bucket.
/// </summary>
/// <remarks>
/// OpenMetrics (and the protobuf format, which follows it) allows an exemplar on a counter's
/// sample and on a histogram's buckets only, one per sample, and a bucket's exemplar must lie in
/// that bucket. An exemplar without a trace (none is recorded so under the <c>trace_based</c>
/// filter) is left out. One instance per serializer; a scrape at a time uses it.
/// </remarks>
internal sealed class KeptExemplars
{
    private readonly List<Exemplar> kept = [];

    /// <summary>Takes the exemplars of <paramref name="point"/>; false when it has none with a trace.</summary>
    public bool Load(in MetricPoint point)
    {
        kept.Clear();
        if (!point.TryGetExemplars(out var exemplars))
        {
            return false;
        }

        foreach (ref readonly var exemplar in exemplars)
        {
            if (exemplar.TraceId != default(ActivityTraceId))
            {
                kept.Add(exemplar);
            }
        }

        return kept.Count > 0;
    }

    /// <summary>
    /// The first loaded exemplar: a counter's, of which the SDK keeps one, drawn from the
    /// measurements since the previous collection.
    /// </summary>
    public bool TryFirst(out Exemplar exemplar)
    {
        exemplar = kept.Count > 0 ? kept[0] : default;
        return kept.Count > 0;
    }

    /// <summary>
    /// The loaded exemplar whose value is in the bucket (<paramref name="lower"/>,
    /// <paramref name="upper"/>], if any: the SDK keeps one per bucket, the latest.
    /// </summary>
    public bool TryInBucket(double lower, double upper, out Exemplar exemplar)
    {
        foreach (var candidate in kept)
        {
            if (candidate.DoubleValue > lower && candidate.DoubleValue <= upper)
            {
                exemplar = candidate;
                return true;
            }
        }

        exemplar = default;
        return false;
    }
}
