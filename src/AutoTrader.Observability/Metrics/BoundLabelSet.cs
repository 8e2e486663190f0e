namespace AutoTrader.Observability.Metrics;

/// <summary>
/// The label values of a bound series (<see cref="BoundCounter"/>, <see cref="BoundHistogram"/>),
/// cleaned once, and the label set the cardinality guard put them in, resolved on the first
/// measurement made while metrics are on and kept: a later measurement looks nothing up.
/// </summary>
/// <remarks>
/// The guard never removes a set, so both of its answers are final: an admitted set stays
/// admitted, and a refused one keeps folding into the overflow series, each fold counted.
/// </remarks>
internal sealed class BoundLabelSet(CardinalityGuard guard, string[] values)
{
    private LabelSet? resolved;

    /// <summary>The tags of the next measurement: the set's own, or the overflow series' with the fold counted.</summary>
    public KeyValuePair<string, object?>[] Tags()
    {
        if (resolved is not { } set)
        {
            set = guard.Admit(values);
            resolved = set;
            return set.Tags;
        }

        return set == guard.Overflow ? guard.Fold().Tags : set.Tags;
    }
}
