using System.Diagnostics.Metrics;

namespace AutoTrader.Observability.Metrics;

/// <summary>A counter with label names, like prometheus_client's <c>Counter(name, help, labels)</c>.</summary>
/// <remarks>
/// Each series is a total of its own, raised with an atomic add and reported when metrics are
/// collected (an observable counter): a record costs one lookup of its label set and one atomic
/// add, where a measurement handed to the SDK cost a lookup in the cardinality guard and another
/// in the SDK. Collection reports the same cumulative totals.
/// </remarks>
public sealed class LabeledCounter : LabeledInstrument
{
    private readonly ObservableCounter<double> counter;
    private readonly SeriesTable<Series> series;

    internal LabeledCounter(Meter meter, MetricDefinition definition, CardinalityGuard guard)
        : base(definition, guard)
    {
        series = new(labels => new Series(TagsOf(labels)));
        counter = meter.CreateObservableCounter(definition.Name, Observe, MetricRegistry.UnitOf(definition.Name), definition.Help);
    }

    /// <summary>Adds one to the series of these label values (one per label name, in order).</summary>
    public void Inc(params ReadOnlySpan<string?> labelValues) => Add(1, labelValues);

    /// <summary>Adds <paramref name="amount"/> (not negative; a negative amount is ignored) to the series of these label values.</summary>
    public void Add(double amount, params ReadOnlySpan<string?> labelValues)
    {
        if (!(amount >= 0))
        {
            return;
        }

        var buffer = default(LabelValues);
        Span<string> clean = buffer;
        clean = clean[..LabelCount];
        if (TryClean(counter, labelValues, clean))
        {
            Find(clean).Add(amount);
        }
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

    private IEnumerable<Measurement<double>> Observe() =>
        series.All.Select(each => new Measurement<double>(Volatile.Read(ref each.Total), each.Tags));

    /// <summary>One series: its tags and its total.</summary>
    private sealed class Series(KeyValuePair<string, object?>[] tags)
    {
        public readonly KeyValuePair<string, object?>[] Tags = tags;
        public double Total;

        public void Add(double amount)
        {
            var current = Volatile.Read(ref Total);
            while (true)
            {
                var seen = Interlocked.CompareExchange(ref Total, current + amount, current);
                if (seen.Equals(current))
                {
                    return;
                }

                current = seen;
            }
        }
    }
}
