using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace AutoTrader.Observability.Metrics;

/// <summary>
/// What an <see cref="ILabelTuple"/> writes: the label values of one record, on the stack; or,
/// once per family, the label names.
/// </summary>
internal ref struct LabelWriter
{
    private Slots values;
    private List<string>? names;
    private int count;

    /// <summary>The label values written so far, in order.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<string?> Values => ((ReadOnlySpan<string?>)values)[..count];

    /// <summary>The values <paramref name="labels"/> holds.</summary>
    public static LabelWriter Of<TLabels>(in TLabels labels)
        where TLabels : struct, ILabelTuple
    {
        var writer = default(LabelWriter);
        labels.Write(ref writer);
        return writer;
    }

    /// <summary>The label names <typeparamref name="TLabels"/> writes, in order.</summary>
    public static IReadOnlyList<string> NamesOf<TLabels>()
        where TLabels : struct, ILabelTuple
    {
        List<string> names = [];
        var writer = new LabelWriter { names = names };
        default(TLabels).Write(ref writer);
        return names;
    }

    /// <summary>Writes the next label.</summary>
    [UnscopedRef]
    public ref LabelWriter Add(string name, string? value)
    {
        names?.Add(name);
        values[count++] = value;
        return ref this;
    }

    [InlineArray(MetricRegistry.MaxLabels)]
    private struct Slots
    {
        private string? element;
    }
}
