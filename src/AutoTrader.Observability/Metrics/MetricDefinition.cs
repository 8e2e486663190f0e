namespace AutoTrader.Observability.Metrics;

/// <summary>One metric family: what Prometheus sees (name, type, HELP, label names, buckets).</summary>
/// <param name="Name">The exposed name, e.g. <c>scan_requests_total</c>.</param>
/// <param name="Kind">The Prometheus type.</param>
/// <param name="Help">The HELP text.</param>
/// <param name="LabelNames">The label names, in order; every record gives one value per name.</param>
/// <param name="Buckets">Bucket upper bounds of a histogram (without <c>+Inf</c>); empty otherwise.</param>
public sealed record MetricDefinition(string Name, MetricKind Kind, string Help, IReadOnlyList<string> LabelNames, IReadOnlyList<double> Buckets)
{
    /// <summary>Whether another definition describes the same family (same type and label names).</summary>
    public bool IsCompatibleWith(MetricDefinition other) =>
        other.Kind == Kind && other.LabelNames.SequenceEqual(LabelNames, StringComparer.Ordinal);
}
