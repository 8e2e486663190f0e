using System.Diagnostics.Metrics;

namespace AutoTrader.Observability.Metrics;

/// <summary>A counter with label names, like prometheus_client's <c>Counter(name, help, labels)</c>.</summary>
public sealed class LabeledCounter : LabeledInstrument
{
    private readonly Counter<double> counter;

    internal LabeledCounter(Meter meter, MetricDefinition definition, CardinalityGuard guard)
        : base(definition, guard) =>
        counter = meter.CreateCounter<double>(definition.Name, MetricRegistry.UnitOf(definition.Name), definition.Help);

    /// <summary>Adds one to the series of these label values (one per label name, in order).</summary>
    public void Inc(params ReadOnlySpan<string?> labelValues)
    {
        if (TryTags(counter, labelValues, out var tags))
        {
            counter.Add(1, in tags);
        }
    }

    /// <summary>Adds <paramref name="amount"/> (not negative; a negative amount is ignored) to the series of these label values.</summary>
    public void Add(double amount, params ReadOnlySpan<string?> labelValues)
    {
        if (!(amount >= 0))
        {
            return;
        }

        if (TryTags(counter, labelValues, out var tags))
        {
            counter.Add(amount, in tags);
        }
    }

    /// <summary>The tags of these label values' series when the guard admits them; see <see cref="LabeledInstrument"/>.</summary>
    internal KeyValuePair<string, object?>[]? AdmittedTags(params ReadOnlySpan<string?> labelValues) => AdmittedTags(counter, labelValues);

    /// <summary>Adds <paramref name="amount"/> to the series whose tags <see cref="AdmittedTags(ReadOnlySpan{string?})"/> returned.</summary>
    internal void AddAdmitted(double amount, KeyValuePair<string, object?>[] admittedTags) => counter.Add(amount, admittedTags);
}
