using System.Diagnostics.Metrics;

namespace AutoTrader.Observability.Metrics;

/// <summary>
/// One series of a <see cref="LabeledCounter"/>, its label values given once
/// (<see cref="LabeledCounter.Bind"/>), like prometheus-net's <c>WithLabels</c> child: recording
/// into it looks no label set up, builds no tags and allocates nothing. Keep it where the labels
/// are known (a route, a data source) and record through it as often as needed.
/// </summary>
/// <remarks>
/// The cardinality guard sees the label set on the first record made while metrics are on, as it
/// would on the labeled path: a set it refuses records into the overflow series, and every such
/// record is counted on <c>metric_cardinality_overflow_total</c>. While nothing listens (metrics
/// disabled) a record does nothing.
/// </remarks>
public sealed class BoundCounter
{
    private readonly Counter<double> counter;
    private readonly BoundLabelSet labels;

    internal BoundCounter(Counter<double> counter, BoundLabelSet labels)
    {
        this.counter = counter;
        this.labels = labels;
    }

    /// <summary>Adds one to this series.</summary>
    public void Inc()
    {
        if (counter.Enabled)
        {
            counter.Add(1, labels.Tags());
        }
    }

    /// <summary>Adds <paramref name="amount"/> (not negative; a negative amount is ignored) to this series.</summary>
    public void Add(double amount)
    {
        if (amount >= 0 && counter.Enabled)
        {
            counter.Add(amount, labels.Tags());
        }
    }
}
