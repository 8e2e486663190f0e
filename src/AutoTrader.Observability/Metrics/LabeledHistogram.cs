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
        if (TagsOf(histogram, labelValues) is { } tags)
        {
            histogram.Record(value, tags);
        }
    }

    /// <summary>
    /// The series of these label values (one per label name, in order), resolved once: keep it
    /// and observe through it where the labels are known, at no lookup per observation.
    /// </summary>
    public BoundHistogram Bind(params ReadOnlySpan<string?> labelValues) => new(histogram, BindLabels(labelValues));
}
