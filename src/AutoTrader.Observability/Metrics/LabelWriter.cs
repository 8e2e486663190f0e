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

    /// <summary>The values <paramref name="labels"/> holds, written into <paramref name="writer"/>, the caller's local.</summary>
    /// <remarks>
    /// Not a writer returned by value: copying it back cost a labeled record about half again its
    /// time (a positional-against-typed BenchmarkDotNet run, same counter); written in place, the two are even.
    /// </remarks>
    public static ReadOnlySpan<string?> Write<TLabels>(in TLabels labels, [UnscopedRef] out LabelWriter writer)
        where TLabels : struct, ILabelTuple
    {
        writer = default;
        labels.Write(ref writer);
        return writer.Values;
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
