using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AutoTrader.Observability.Metrics;

/// <summary>What every labeled instrument shares: its definition, its label names and its cardinality guard.</summary>
public abstract class LabeledInstrument
{
    /// <summary>The value every label of the overflow series takes.</summary>
    public const string OverflowLabelValue = "__overflow__";

    /// <summary>Label values longer than this are cut, so that one huge value cannot hold memory.</summary>
    public const int MaxLabelValueLength = 1024;

    private readonly string[] labelNames;
    private readonly CardinalityGuard guard;

    private protected LabeledInstrument(MetricDefinition definition, CardinalityGuard guard)
    {
        Definition = definition;
        labelNames = [.. definition.LabelNames];
        this.guard = guard;
    }

    /// <summary>The family this instrument records into.</summary>
    public MetricDefinition Definition { get; }

    /// <summary>How many labels this metric has.</summary>
    private protected int LabelCount => labelNames.Length;

    /// <summary>The most label sets this metric keeps; further sets fold into the overflow series.</summary>
    public int CardinalityLimit => guard.Limit;

    /// <summary>
    /// The tags of one measurement: one value per label name (null becomes empty, oversize values
    /// are cut), or the overflow series when the guard refuses a new label set. False, after the
    /// label values are counted, when nothing listens to <paramref name="instrument"/> (metrics
    /// disabled): then the measurement is skipped and no label set is admitted.
    /// </summary>
    private protected bool TryTags(Instrument instrument, ReadOnlySpan<string?> values, out TagList tags)
    {
        tags = default;
        var buffer = default(LabelValues);
        Span<string> clean = buffer;
        clean = clean[..LabelCount];
        if (!TryClean(instrument, values, clean))
        {
            return false;
        }

        AdmitOrFold(clean);

        for (var i = 0; i < clean.Length; i++)
        {
            tags.Add(labelNames[i], clean[i]);
        }

        return true;
    }

    /// <summary>
    /// The tags of the series <paramref name="values"/> go to, resolved once for a caller that
    /// records into it again and again: null when nothing listens to <paramref name="instrument"/>
    /// or when the set would fold, so that such a caller records through the labeled path, which
    /// counts every folded measurement.
    /// </summary>
    private protected KeyValuePair<string, object?>[]? AdmittedTags(Instrument instrument, ReadOnlySpan<string?> values)
    {
        var buffer = default(LabelValues);
        Span<string> clean = buffer;
        clean = clean[..LabelCount];
        return TryClean(instrument, values, clean) && TryAdmit(clean) ? TagsOf(clean) : null;
    }

    /// <summary>
    /// Writes into <paramref name="clean"/> (exactly <see cref="LabelCount"/> slots) the label values as recorded:
    /// null becomes empty and oversize values are cut. False, after the label values are counted,
    /// when nothing listens to <paramref name="instrument"/> (metrics disabled).
    /// </summary>
    private protected bool TryClean(Instrument instrument, ReadOnlySpan<string?> values, Span<string> clean)
    {
        if (values.Length != labelNames.Length)
        {
            throw new ArgumentException(
                $"Metric '{Definition.Name}' takes {labelNames.Length} label value(s) ({string.Join(", ", labelNames)}), got {values.Length}.",
                nameof(values));
        }

        if (!instrument.Enabled)
        {
            return false;
        }

        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i] ?? string.Empty;
            clean[i] = value.Length <= MaxLabelValueLength ? value : value[..MaxLabelValueLength];
        }

        return true;
    }

    /// <summary>True when the guard admits this label set; false, counting nothing, when it would fold.</summary>
    private protected bool TryAdmit(ReadOnlySpan<string> clean) => guard.TryAdmit(clean);

    /// <summary>Leaves a label set the guard admits as it is and turns a refused one into the overflow series.</summary>
    private protected void AdmitOrFold(Span<string> clean)
    {
        if (!guard.Admit(clean))
        {
            clean.Fill(OverflowLabelValue);
        }
    }

    /// <summary>The tags of one series, for instruments that report their series when observed.</summary>
    private protected KeyValuePair<string, object?>[] TagsOf(ReadOnlySpan<string> clean)
    {
        var tags = new KeyValuePair<string, object?>[clean.Length];
        for (var i = 0; i < clean.Length; i++)
        {
            tags[i] = new(labelNames[i], clean[i]);
        }

        return tags;
    }
}
