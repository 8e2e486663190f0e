using System.Diagnostics.Metrics;

namespace AutoTrader.Observability.Metrics;

/// <summary>A gauge with label names whose value is set, like prometheus_client's <c>Gauge.set</c>.</summary>
public sealed class LabeledGauge : LabeledInstrument
{
    private readonly Gauge<double> gauge;

    internal LabeledGauge(Meter meter, MetricDefinition definition, CardinalityGuard guard)
        : base(definition, guard) =>
        gauge = meter.CreateGauge<double>(definition.Name, MetricRegistry.UnitOf(definition.Name), definition.Help);

    /// <summary>Sets the series of these label values to <paramref name="value"/>.</summary>
    public void Set(double value, params ReadOnlySpan<string?> labelValues)
    {
        if (TagsOf(gauge, labelValues) is { } tags)
        {
            gauge.Record(value, tags);
        }
    }
}
