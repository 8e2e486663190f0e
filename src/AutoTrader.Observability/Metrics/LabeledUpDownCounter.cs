using System.Diagnostics.Metrics;

namespace AutoTrader.Observability.Metrics;

/// <summary>A gauge with label names that goes up and down by increments, like prometheus_client's <c>Gauge.inc/dec</c>.</summary>
/// <remarks>
/// Each series is a number of its own, changed with an atomic add and reported when metrics are
/// collected (an observable up-down counter), instead of a measurement handed to the SDK on every
/// change: <c>active_api_requests</c> moves twice per request, and this way a request costs one
/// lookup of its series and two atomic adds rather than two label-set lookups in the cardinality
/// guard and two in the SDK. Collection reads the same totals the SDK would have summed.
/// </remarks>
public sealed class LabeledUpDownCounter : LabeledInstrument
{
    private readonly ObservableUpDownCounter<long> counter;
    private readonly SeriesTable<Series> series;

    internal LabeledUpDownCounter(Meter meter, MetricDefinition definition, CardinalityGuard guard)
        : base(definition, guard)
    {
        series = new(labels => new Series(TagsOf(labels)));
        counter = meter.CreateObservableUpDownCounter(definition.Name, Observe, MetricRegistry.UnitOf(definition.Name), definition.Help);
    }

    /// <summary>Adds <paramref name="delta"/> (may be negative) to the series of these label values.</summary>
    public void Add(long delta, params ReadOnlySpan<string?> labelValues)
    {
        if (SeriesOf(labelValues) is { } target)
        {
            Interlocked.Add(ref target.Value, delta);
        }
    }

    /// <summary>
    /// The series these label values go to (the overflow series when the guard refuses a new
    /// set), or null when nothing listens (metrics disabled).
    /// </summary>
    internal Series? SeriesOf(ReadOnlySpan<string?> labelValues)
    {
        var buffer = default(LabelValues);
        Span<string> clean = buffer;
        clean = clean[..LabelCount];
        return TryClean(counter, labelValues, clean) ? Find(clean) : null;
    }

    private Series Find(Span<string> clean)
    {
        if (series.TryGet(clean, out var found))
        {
            return found;
        }

        AdmitOrFold(clean);
        return series.GetOrAdd(clean);
    }

    private IEnumerable<Measurement<long>> Observe() =>
        series.All.Select(each => new Measurement<long>(Volatile.Read(ref each.Value), each.Tags));

    /// <summary>One series: its tags and its current value.</summary>
    internal sealed class Series(KeyValuePair<string, object?>[] tags)
    {
        public readonly KeyValuePair<string, object?>[] Tags = tags;
        public long Value;
    }
}
