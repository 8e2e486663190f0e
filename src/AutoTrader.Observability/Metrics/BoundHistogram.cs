using System.Diagnostics.Metrics;

namespace AutoTrader.Observability.Metrics;

/// <summary>
/// One series of a <see cref="LabeledHistogram"/>, its label values given once
/// (<see cref="LabeledHistogram.Bind"/>): observing into it looks no label set up, builds no tags
/// and allocates nothing. The cardinality guard sees it as <see cref="BoundCounter"/> describes.
/// </summary>
public sealed class BoundHistogram
{
    private readonly Histogram<double> histogram;
    private readonly BoundLabelSet labels;

    internal BoundHistogram(Histogram<double> histogram, BoundLabelSet labels)
    {
        this.histogram = histogram;
        this.labels = labels;
    }

    /// <summary>Records one observation in this series.</summary>
    public void Observe(double value)
    {
        if (histogram.Enabled)
        {
            histogram.Record(value, labels.Tags());
        }
    }
}
