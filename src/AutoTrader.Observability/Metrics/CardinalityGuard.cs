using System.Collections.Concurrent;

namespace AutoTrader.Observability.Metrics;

/// <summary>
/// Admits at most <c>limit</c> distinct label sets for one metric; past that, measurements of a
/// new set are folded into the overflow series, counted, and reported once.
/// </summary>
/// <remarks>
/// The OpenTelemetry SDK has its own per-stream cardinality limit, but it folds into a series that
/// carries a different label (<c>otel_metric_overflow="true"</c>, without the metric's own labels),
/// counts nothing and reports only to an EventSource. This guard sits in front of it so that the
/// overflow series keeps the metric's label names, the folded measurements are counted on
/// <c>metric_cardinality_overflow_total</c>, and the first fold is logged; the SDK's limit is set
/// above this one so that it never folds by itself.
/// </remarks>
internal sealed class CardinalityGuard
{
    private readonly ConcurrentDictionary<string[], byte> known = new(LabelSetComparer.Instance);
    private readonly ConcurrentDictionary<string[], byte>.AlternateLookup<ReadOnlySpan<string>> lookup;
    private readonly Lock gate = new();
    private readonly Action onFirstFold;
    private readonly Action onFold;
    private int folded;

    public CardinalityGuard(int limit, Action onFirstFold, Action onFold)
    {
        Limit = limit;
        this.onFirstFold = onFirstFold;
        this.onFold = onFold;
        lookup = known.GetAlternateLookup<ReadOnlySpan<string>>();
    }

    public int Limit { get; }

    /// <summary>Distinct label sets admitted so far.</summary>
    public int Count => known.Count;

    /// <summary>True when <paramref name="labelValues"/> may have its own series; false when it must fold (the fold is counted).</summary>
    public bool Admit(ReadOnlySpan<string> labelValues) => TryAdmit(labelValues) || Fold();

    /// <summary>
    /// True when <paramref name="labelValues"/> may have its own series (a new set is admitted while
    /// there is room); false, counting nothing, when it would fold.
    /// </summary>
    public bool TryAdmit(ReadOnlySpan<string> labelValues) => lookup.ContainsKey(labelValues) || TryAdmitNew(labelValues);

    private bool TryAdmitNew(ReadOnlySpan<string> labelValues)
    {
        lock (gate)
        {
            if (lookup.ContainsKey(labelValues))
            {
                return true;
            }

            if (known.Count < Limit)
            {
                lookup.TryAdd(labelValues, 0);
                return true;
            }
        }

        return false;
    }

    private bool Fold()
    {
        onFold();
        if (Interlocked.Exchange(ref folded, 1) == 0)
        {
            onFirstFold();
        }

        return false;
    }
}
