using System.Diagnostics.Metrics;

namespace AutoTrader.Observability.Metrics;

/// <summary>A histogram with label names and explicit buckets, like prometheus_client's <c>Histogram</c>.</summary>
public sealed class LabeledHistogram : LabeledInstrument
{
    private readonly Histogram<double> histogram;

    internal LabeledHistogram(Meter meter, MetricDefinition definition, CardinalityGuard guard)
        : base(definition, guard) =>
        histogram = meter.CreateHistogram(
            definition.Name,
            MetricRegistry.UnitOf(definition.Name),
            definition.Help,
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = definition.Buckets });

    /// <summary>Records one observation in the series of these label values.</summary>
    public void Observe(double value, params ReadOnlySpan<string?> labelValues)
    {
        if (TryTags(histogram, labelValues, out var tags))
        {
            histogram.Record(value, in tags);
        }
    }

    /// <summary>The tags of these label values' series when the guard admits them; see <see cref="LabeledInstrument"/>.</summary>
    internal KeyValuePair<string, object?>[]? AdmittedTags(params ReadOnlySpan<string?> labelValues) => AdmittedTags(histogram, labelValues);

    /// <summary>Records one observation in the series whose tags <see cref="AdmittedTags(ReadOnlySpan{string?})"/> returned.</summary>
    internal void ObserveAdmitted(double value, KeyValuePair<string, object?>[] admittedTags) => histogram.Record(value, admittedTags);
}
