namespace AutoTrader.Observability.Metrics;

/// <summary>A catalog gauge whose value is set, recorded with its typed labels.</summary>
internal sealed class CatalogGauge<TLabels>
    where TLabels : struct, ILabelTuple
{
    private readonly LabeledGauge gauge;

    /// <summary>Defines <paramref name="metric"/> (a gauge) on <paramref name="registry"/>.</summary>
    public CatalogGauge(MetricRegistry registry, CatalogMetric<TLabels> metric)
    {
        metric.OfKind(MetricKind.Gauge);
        gauge = registry.Gauge(metric.Name, metric.Help, metric.LabelNames);
    }

    /// <inheritdoc cref="LabeledGauge.Set"/>
    public void Set(double value, in TLabels labels) =>
        gauge.Set(value, LabelWriter.Write(labels, out var writer));
}
