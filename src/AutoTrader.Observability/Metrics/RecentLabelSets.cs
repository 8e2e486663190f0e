using System.Numerics;

namespace AutoTrader.Observability.Metrics;

/// <summary>
/// A small table of admitted label sets found by the identity of the caller's strings: a record
/// whose label values are the same string instances as a kept set's (literals, route templates,
/// configured names) finds its tags with a few reference comparisons, without hashing the
/// strings' content or looking the set up in the cardinality guard.
/// </summary>
/// <remarks>
/// Direct-mapped and lock-free: a slot holds one set, replaced by the last set resolved into it;
/// a set is immutable once made, so a reader sees either the old or the new one, both valid.
/// A miss costs nothing but the guard's lookup the record would have made anyway. Only admitted
/// sets are kept here (folded measurements go through the guard, which counts each one), and
/// every set here is also held by the guard, so the table keeps no memory alive of its own
/// beyond its slots.
/// </remarks>
internal sealed class RecentLabelSets
{
    private const int MaxSlots = 256;

    private readonly LabelSet?[] slots;
    private readonly int shift;

    /// <summary>A table sized for <paramref name="cardinalityLimit"/> sets (at least 8, at most 256 slots).</summary>
    public RecentLabelSets(int cardinalityLimit)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(cardinalityLimit * 2, 8, MaxSlots));
        slots = new LabelSet?[size];
        shift = 32 - BitOperations.Log2((uint)size);
    }

    /// <summary>
    /// The slot of <paramref name="values"/>, from each value's length and three of its characters:
    /// cheap, stable for equal strings, and spread by a multiplicative hash.
    /// </summary>
    public int SlotOf(ReadOnlySpan<string?> values)
    {
        var hash = 0u;
        foreach (var value in values)
        {
            var part = 0u;
            if (value is { Length: > 0 })
            {
                part = ((uint)value.Length << 24) ^ ((uint)value[0] << 16) ^ ((uint)value[value.Length >> 1] << 8) ^ value[^1];
            }

            hash = BitOperations.RotateLeft(hash, 7) ^ part;
        }

        return (int)((hash * 0x9E3779B9u) >> shift);
    }

    /// <summary>The set in <paramref name="slot"/> when it holds exactly these strings; null otherwise.</summary>
    public LabelSet? Find(int slot, ReadOnlySpan<string?> values) =>
        slots[slot] is { } set && set.HoldsTheseStrings(values) ? set : null;

    /// <summary>Keeps <paramref name="set"/> in <paramref name="slot"/> when the caller's strings are the set's own (else it could never be found by them).</summary>
    public void Remember(int slot, ReadOnlySpan<string?> values, LabelSet set)
    {
        if (set.HoldsTheseStrings(values))
        {
            slots[slot] = set;
        }
    }
}
