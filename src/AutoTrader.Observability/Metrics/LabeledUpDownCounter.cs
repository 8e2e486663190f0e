using System.Diagnostics.Metrics;

namespace AutoTrader.Observability.Metrics;

/// <summary>A gauge with label names that goes up and down by increments, like prometheus_client's <c>Gauge.inc/dec</c>.</summary>
public sealed class LabeledUpDownCounter : LabeledInstrument
{
    private readonly UpDownCounter<long> counter;

    internal LabeledUpDownCounter(Meter meter, MetricDefinition definition, CardinalityGuard guard)
        : base(definition, guard) =>
        counter = meter.CreateUpDownCounter<long>(definition.Name, MetricRegistry.UnitOf(definition.Name), definition.Help);

    /// <summary>Adds <paramref name="delta"/> (may be negative) to the series of these label values.</summary>
    public void Add(long delta, params ReadOnlySpan<string?> labelValues)
    {
        if (TryTags(counter, labelValues, out var tags))
        {
            counter.Add(delta, in tags);
        }
    }
}
