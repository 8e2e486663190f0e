using System.Collections.Concurrent;

namespace AutoTrader.Observability.Metrics;

/// <summary>
/// Admits at most <c>limit</c> distinct label sets for one metric; past that, measurements of a
/// new set are folded into the overflow series, counted, and reported once.
/// </summary>
/// <remarks>
/// The OpenTelemetry SDK has its own per-stream cardinality limit, but it folds into a series that
/// carries a different label (<c>otel_metric_overflow="true"</c>, without the metric's own labels),
/// counts nothing and reports only to an EventSource; and it decides inside the SDK, after every
/// listener other than the SDK has seen the measurement with its original labels. This guard sits
/// in front of it so that the overflow series keeps the metric's label names, the folded
/// measurements are counted on <c>metric_cardinality_overflow_total</c>, and the first fold is
/// logged; the SDK's limit is set above this one so that it never folds by itself. Each admitted
/// set keeps its tags (<see cref="LabelSet"/>), so that recording into it builds nothing; a set is
/// never removed, so a refusal is final.
/// </remarks>
internal sealed class CardinalityGuard
{
    private readonly ConcurrentDictionary<string[], LabelSet> known = new(LabelSetComparer.Instance);
    private readonly ConcurrentDictionary<string[], LabelSet>.AlternateLookup<ReadOnlySpan<string>> lookup;
    private readonly string[] labelNames;
    private readonly Lock gate = new();
    private readonly Action onFirstFold;
    private readonly Action onFold;
    private int admitted;
    private int folded;

    public CardinalityGuard(int limit, IReadOnlyList<string> labelNames, Action onFirstFold, Action onFold)
    {
        Limit = limit;
        this.labelNames = [.. labelNames];
        this.onFirstFold = onFirstFold;
        this.onFold = onFold;
        lookup = known.GetAlternateLookup<ReadOnlySpan<string>>();
        var overflow = new string[labelNames.Count];
        Array.Fill(overflow, LabeledInstrument.OverflowLabelValue);
        Overflow = new LabelSet(labelNames, overflow);
    }

    public int Limit { get; }

    /// <summary>Distinct label sets admitted so far.</summary>
    public int Count => Volatile.Read(ref admitted);

    /// <summary>The overflow series: every label <see cref="LabeledInstrument.OverflowLabelValue"/>.</summary>
    public LabelSet Overflow { get; }

    /// <summary>
    /// The set <paramref name="labelValues"/> is recorded in: its own (a new one is admitted while
    /// there is room), or <see cref="Overflow"/>, with the fold counted.
    /// </summary>
    public LabelSet Admit(ReadOnlySpan<string> labelValues) => TryAdmit(labelValues) ?? Fold();

    /// <summary>
    /// The own set of <paramref name="labelValues"/> (a new one is admitted while there is room);
    /// null, counting nothing, when it would fold.
    /// </summary>
    public LabelSet? TryAdmit(ReadOnlySpan<string> labelValues) =>
        lookup.TryGetValue(labelValues, out var set) ? set : TryAdmitNew(labelValues);

    /// <summary>Counts one measurement folded into <see cref="Overflow"/> (the first one is also reported) and returns it.</summary>
    public LabelSet Fold()
    {
        onFold();
        if (Interlocked.Exchange(ref folded, 1) == 0)
        {
            onFirstFold();
        }

        return Overflow;
    }

    private LabelSet? TryAdmitNew(ReadOnlySpan<string> labelValues)
    {
        // Sets are never removed: once full, a new set folds without taking the lock.
        if (Count >= Limit)
        {
            return null;
        }

        lock (gate)
        {
            if (lookup.TryGetValue(labelValues, out var set))
            {
                return set;
            }

            if (admitted >= Limit)
            {
                return null;
            }

            set = new LabelSet(labelNames, labelValues);
            known.TryAdd(set.Values, set);
            Volatile.Write(ref admitted, admitted + 1);
            return set;
        }
    }
}
