using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace AutoTrader.Observability.Metrics;

/// <summary>
/// The series of one observable instrument by label set: found without allocating, created once
/// per set. A set gets a series only once the cardinality guard has admitted it (or folded it into
/// the overflow set), so finding a series needs no second look at the guard.
/// </summary>
internal sealed class SeriesTable<TSeries>
    where TSeries : class
{
    private readonly ConcurrentDictionary<string[], TSeries> series = new(LabelSetComparer.Instance);
    private readonly ConcurrentDictionary<string[], TSeries>.AlternateLookup<ReadOnlySpan<string>> lookup;
    private readonly Func<ReadOnlySpan<string>, TSeries> create;
    private readonly Lock gate = new();

    /// <param name="create">Makes the series of a label set seen for the first time.</param>
    public SeriesTable(Func<ReadOnlySpan<string>, TSeries> create)
    {
        this.create = create;
        lookup = series.GetAlternateLookup<ReadOnlySpan<string>>();
    }

    /// <summary>The series of a label set that has one already.</summary>
    public bool TryGet(ReadOnlySpan<string> labelValues, [NotNullWhen(true)] out TSeries? found) =>
        lookup.TryGetValue(labelValues, out found);

    /// <summary>Every series so far, read without stopping writers, for collection.</summary>
    public IEnumerable<TSeries> All => series.Select(pair => pair.Value);

    /// <summary>The series of <paramref name="labelValues"/>, created if it is new.</summary>
    public TSeries GetOrAdd(ReadOnlySpan<string> labelValues)
    {
        lock (gate)
        {
            if (!lookup.TryGetValue(labelValues, out var found))
            {
                found = create(labelValues);
                lookup.TryAdd(labelValues, found);
            }

            return found;
        }
    }
}
