using System.Diagnostics.Metrics;

namespace AutoTrader.Observability.Metrics;

/// <summary>What every labeled instrument shares: its definition, its label names and its cardinality guard.</summary>
/// <remarks>
/// A record finds the tags of its label set once: by the identity of its strings in a small table
/// (<see cref="RecentLabelSets"/>) when they are the strings the set was admitted with, else by
/// content in the cardinality guard, which also admits or folds a new set. Either way the tags are
/// the set's own, built when it was admitted, and the SDK's lookup of them is the only other one.
/// </remarks>
public abstract class LabeledInstrument
{
    /// <summary>The value every label of the overflow series takes.</summary>
    public const string OverflowLabelValue = "__overflow__";

    /// <summary>Label values longer than this are cut, so that one huge value cannot hold memory.</summary>
    public const int MaxLabelValueLength = 1024;

    private readonly string[] labelNames;
    private readonly CardinalityGuard guard;
    private readonly RecentLabelSets recent;

    private protected LabeledInstrument(MetricDefinition definition, CardinalityGuard guard)
    {
        Definition = definition;
        labelNames = [.. definition.LabelNames];
        this.guard = guard;
        recent = new RecentLabelSets(guard.Limit);
    }

    /// <summary>The family this instrument records into.</summary>
    public MetricDefinition Definition { get; }

    /// <summary>The most label sets this metric keeps; further sets fold into the overflow series.</summary>
    public int CardinalityLimit => guard.Limit;

    /// <summary>How many labels this metric has.</summary>
    private protected int LabelCount => labelNames.Length;

    /// <summary>
    /// The tags of one measurement: those of the series of these label values (null becomes empty,
    /// oversize values are cut), or of the overflow series when the guard refuses a new label set
    /// (the fold is counted). Null, after the label values are counted, when nothing listens to
    /// <paramref name="instrument"/> (metrics disabled): then the measurement is skipped and no
    /// label set is admitted.
    /// </summary>
    private protected KeyValuePair<string, object?>[]? TagsOf(Instrument instrument, ReadOnlySpan<string?> values)
    {
        CheckCount(values);
        if (!instrument.Enabled)
        {
            return null;
        }

        var slot = recent.SlotOf(values);
        return recent.Find(slot, values)?.Tags ?? Resolve(values, slot).Tags;
    }

    /// <summary>The label values of a bound series, checked and cleaned now, admitted on its first record.</summary>
    private protected BoundLabelSet BindLabels(ReadOnlySpan<string?> values)
    {
        CheckCount(values);
        var clean = new string[values.Length];
        Clean(values, clean);
        return new BoundLabelSet(guard, clean);
    }

    /// <summary>
    /// Writes into <paramref name="clean"/> (exactly <see cref="LabelCount"/> slots) the label values as recorded:
    /// null becomes empty and oversize values are cut. False, after the label values are counted,
    /// when nothing listens to <paramref name="instrument"/> (metrics disabled).
    /// </summary>
    private protected bool TryClean(Instrument instrument, ReadOnlySpan<string?> values, Span<string> clean)
    {
        CheckCount(values);
        if (!instrument.Enabled)
        {
            return false;
        }

        Clean(values, clean);
        return true;
    }

    /// <summary>The set a record of <paramref name="clean"/> goes to: its own, or the overflow set with the fold counted.</summary>
    private protected LabelSet Admit(ReadOnlySpan<string> clean) => guard.Admit(clean);

    /// <summary>The own set of <paramref name="clean"/> when the guard admits it; null, counting nothing, when it would fold.</summary>
    private protected LabelSet? TryAdmit(ReadOnlySpan<string> clean) => guard.TryAdmit(clean);

    private LabelSet Resolve(ReadOnlySpan<string?> values, int slot)
    {
        var buffer = default(LabelValues);
        Span<string> clean = buffer;
        clean = clean[..LabelCount];
        Clean(values, clean);
        var set = guard.Admit(clean);
        if (set != guard.Overflow)
        {
            recent.Remember(slot, values, set);
        }

        return set;
    }

    private static void Clean(ReadOnlySpan<string?> values, Span<string> clean)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i] ?? string.Empty;
            clean[i] = value.Length <= MaxLabelValueLength ? value : value[..MaxLabelValueLength];
        }
    }

    private void CheckCount(ReadOnlySpan<string?> labelValues)
    {
        if (labelValues.Length != labelNames.Length)
        {
            throw new ArgumentException(
                $"Metric '{Definition.Name}' takes {labelNames.Length} label value(s) ({string.Join(", ", labelNames)}), got {labelValues.Length}.",
                nameof(labelValues));
        }
    }
}
