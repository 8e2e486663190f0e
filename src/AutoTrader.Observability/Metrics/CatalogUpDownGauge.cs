namespace AutoTrader.Observability.Metrics;

/// <summary>A catalog gauge that moves by increments, its series found with typed labels.</summary>
internal sealed class CatalogUpDownGauge<TLabels>
    where TLabels : struct, ILabelTuple
{
    private readonly LabeledUpDownGauge gauge;

    /// <summary>Defines <paramref name="metric"/> (a gauge) on <paramref name="registry"/>.</summary>
    public CatalogUpDownGauge(MetricRegistry registry, CatalogMetric<TLabels> metric)
    {
        metric.OfKind(MetricKind.Gauge);
        gauge = registry.UpDownGauge(metric.Name, metric.Help, metric.LabelNames);
    }

    /// <inheritdoc cref="LabeledUpDownGauge.SeriesOf"/>
    public LabeledUpDownGauge.Series? SeriesOf(in TLabels labels) =>
        gauge.SeriesOf(LabelWriter.Write(labels, out var writer));

    /// <inheritdoc cref="LabeledUpDownGauge.AdmittedSeries"/>
    public LabeledUpDownGauge.Series? AdmittedSeries(in TLabels labels) =>
        gauge.AdmittedSeries(LabelWriter.Write(labels, out var writer));
}
