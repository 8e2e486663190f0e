using AutoTrader.Observability.Configuration;

namespace AutoTrader.Observability.Metrics;

/// <summary>
/// One family of <see cref="MetricCatalog"/>: its name, type and HELP text, its label names and
/// order from <typeparamref name="TLabels"/>, and where its buckets come from in the configuration.
/// </summary>
internal sealed class CatalogMetric<TLabels>
    where TLabels : struct, ILabelTuple
{
    private readonly Func<HistogramBucketOptions, IReadOnlyList<double>>? buckets;

    public CatalogMetric(string name, MetricKind kind, string help, Func<HistogramBucketOptions, IReadOnlyList<double>>? buckets = null)
    {
        Name = name;
        Kind = kind;
        Help = help;
        LabelNames = LabelWriter.NamesOf<TLabels>();
        this.buckets = buckets;
    }

    /// <summary>The exposed name.</summary>
    public string Name { get; }

    /// <summary>The Prometheus type.</summary>
    public MetricKind Kind { get; }

    /// <summary>The HELP text.</summary>
    public string Help { get; }

    /// <summary>The label names, in the order <typeparamref name="TLabels"/> writes them.</summary>
    public IReadOnlyList<string> LabelNames { get; }

    /// <summary>The family with the buckets of <paramref name="options"/> (the defaults where unset).</summary>
    public MetricDefinition Definition(HistogramBucketOptions options) =>
        new(Name, Kind, Help, LabelNames, buckets is null ? [] : [.. buckets(options)]);

    /// <summary>Throws unless this family is of <paramref name="kind"/>: a typed instrument is made only for its own kind.</summary>
    public CatalogMetric<TLabels> OfKind(MetricKind kind) =>
        Kind == kind ? this : throw new ArgumentException($"Metric '{Name}' is a {Kind.ToString().ToLowerInvariant()}, not a {kind.ToString().ToLowerInvariant()}.", nameof(kind));
}
