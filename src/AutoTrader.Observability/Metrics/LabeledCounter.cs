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
        if (TagsOf(counter, labelValues) is { } tags)
        {
            counter.Add(1, tags);
        }
    }

    /// <summary>Adds <paramref name="amount"/> (not negative; a negative amount is ignored) to the series of these label values.</summary>
    public void Add(double amount, params ReadOnlySpan<string?> labelValues)
    {
        if (!(amount >= 0))
        {
            return;
        }

        if (TagsOf(counter, labelValues) is { } tags)
        {
            counter.Add(amount, tags);
        }
    }

    /// <summary>
    /// The series of these label values (one per label name, in order), resolved once: keep it
    /// and record through it where the labels are known, at no lookup per record.
    /// </summary>
    public BoundCounter Bind(params ReadOnlySpan<string?> labelValues) => new(counter, BindLabels(labelValues));
}
