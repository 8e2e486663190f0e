using AutoTrader.Observability.Configuration;

namespace AutoTrader.Observability.Metrics;

/// <summary>A catalog histogram, recorded with its typed labels.</summary>
internal sealed class CatalogHistogram<TLabels>
    where TLabels : struct, ILabelTuple
{
    private readonly LabeledHistogram histogram;

    /// <summary>Defines <paramref name="metric"/> (a histogram, with the buckets of <paramref name="buckets"/>) on <paramref name="registry"/>.</summary>
    public CatalogHistogram(MetricRegistry registry, CatalogMetric<TLabels> metric, HistogramBucketOptions buckets)
    {
        var definition = metric.OfKind(MetricKind.Histogram).Definition(buckets);
        histogram = registry.Histogram(definition.Name, definition.Help, definition.LabelNames, definition.Buckets);
    }

    /// <inheritdoc cref="LabeledHistogram.Observe"/>
    public void Observe(double value, in TLabels labels) =>
        histogram.Observe(value, LabelWriter.Write(labels, out var writer));

    /// <inheritdoc cref="LabeledHistogram.Bind"/>
    public BoundHistogram Bind(in TLabels labels) =>
        histogram.Bind(LabelWriter.Write(labels, out var writer));
}
