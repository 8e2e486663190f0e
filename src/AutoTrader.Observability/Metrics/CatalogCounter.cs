namespace AutoTrader.Observability.Metrics;

/// <summary>A catalog counter, recorded with its typed labels.</summary>
internal sealed class CatalogCounter<TLabels>
    where TLabels : struct, ILabelTuple
{
    private readonly LabeledCounter counter;

    /// <summary>Defines <paramref name="metric"/> (a counter) on <paramref name="registry"/>.</summary>
    public CatalogCounter(MetricRegistry registry, CatalogMetric<TLabels> metric)
    {
        metric.OfKind(MetricKind.Counter);
        counter = registry.Counter(metric.Name, metric.Help, metric.LabelNames);
    }

    /// <inheritdoc cref="LabeledCounter.Inc"/>
    public void Inc(in TLabels labels) => counter.Inc(LabelWriter.Write(labels, out var writer));

    /// <inheritdoc cref="LabeledCounter.Add"/>
    public void Add(double amount, in TLabels labels) =>
        counter.Add(amount, LabelWriter.Write(labels, out var writer));

    /// <inheritdoc cref="LabeledCounter.Bind"/>
    public BoundCounter Bind(in TLabels labels) =>
        counter.Bind(LabelWriter.Write(labels, out var writer));
}
