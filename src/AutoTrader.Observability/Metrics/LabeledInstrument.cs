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
        if (values.Length != labelNames.Length)
        {
            throw new ArgumentException(
                $"Metric '{Definition.Name}' takes {labelNames.Length} label value(s) ({string.Join(", ", labelNames)}), got {values.Length}.",
                nameof(values));
        }

        tags = default;
        if (!instrument.Enabled)
        {
            return false;
        }

        var buffer = default(LabelValues);
        Span<string> clean = buffer;
        clean = clean[..values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i] ?? string.Empty;
            clean[i] = value.Length <= MaxLabelValueLength ? value : value[..MaxLabelValueLength];
        }

        if (!guard.Admit(clean))
        {
            clean.Fill(OverflowLabelValue);
        }

        for (var i = 0; i < clean.Length; i++)
        {
            tags.Add(labelNames[i], clean[i]);
        }

        return true;
    }
}
