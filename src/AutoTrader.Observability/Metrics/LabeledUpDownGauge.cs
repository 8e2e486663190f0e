using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AutoTrader.Observability.Metrics;

/// <summary>A gauge with label names that goes up and down by increments, like prometheus_client's <c>Gauge.inc/dec</c>.</summary>
/// <remarks>
/// Each series is a number of its own, changed with an atomic add and reported when metrics are
/// collected (an observable up-down counter), instead of a measurement handed to the SDK on every
/// change: <c>active_api_requests</c> moves twice per request, and this way a request costs one
/// lookup of its series and two atomic adds rather than two label-set lookups in the cardinality
/// guard and two in the SDK. Collection reads the same totals the SDK would have summed. A label
/// set gets a series only once the guard has admitted it (or folded it into the overflow set), so
/// finding a series needs no second look at the guard.
/// </remarks>
public sealed class LabeledUpDownGauge : LabeledInstrument
{
    private readonly ObservableUpDownCounter<long> counter;
    private readonly ConcurrentDictionary<string[], Series> series = new(LabelSetComparer.Instance);
    private readonly ConcurrentDictionary<string[], Series>.AlternateLookup<ReadOnlySpan<string>> lookup;
    private readonly Lock gate = new();

    internal LabeledUpDownGauge(Meter meter, MetricDefinition definition, CardinalityGuard guard)
        : base(definition, guard)
    {
        lookup = series.GetAlternateLookup<ReadOnlySpan<string>>();
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
    internal Series? SeriesOf(ReadOnlySpan<string?> labelValues) => Resolve(labelValues, foldRefused: true);

    /// <summary>
    /// The series of these label values when the guard admits them, for a caller that keeps it;
    /// null when nothing listens or when the set would fold (see <see cref="LabeledInstrument"/>).
    /// </summary>
    internal Series? AdmittedSeries(params ReadOnlySpan<string?> labelValues) => Resolve(labelValues, foldRefused: false);

    private Series? Resolve(ReadOnlySpan<string?> labelValues, bool foldRefused)
    {
        var buffer = default(LabelValues);
        Span<string> clean = buffer;
        clean = clean[..LabelCount];
        if (!TryClean(counter, labelValues, clean))
        {
            return null;
        }

        if (lookup.TryGetValue(clean, out var found))
        {
            return found;
        }

        var set = foldRefused ? Admit(clean) : TryAdmit(clean);
        return set is null ? null : SeriesFor(set);
    }

    private Series SeriesFor(LabelSet set)
    {
        lock (gate)
        {
            if (!series.TryGetValue(set.Values, out var added))
            {
                added = new Series(set.Tags);
                series.TryAdd(set.Values, added);
            }

            return added;
        }
    }

    // Enumerating the dictionary does not lock it, so requests go on while metrics are collected.
    private IEnumerable<Measurement<long>> Observe() =>
        series.Select(pair => new Measurement<long>(Volatile.Read(ref pair.Value.Value), pair.Value.Tags));

    /// <summary>One series: its tags and its current value.</summary>
    internal sealed class Series(KeyValuePair<string, object?>[] tags)
    {
        public readonly KeyValuePair<string, object?>[] Tags = tags;
        public long Value;
    }
}
