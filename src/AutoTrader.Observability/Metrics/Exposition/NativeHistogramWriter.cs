using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>
/// Writes the native-histogram fields of a protobuf <c>Histogram</c> message from the SDK's base-2
/// exponential aggregation: schema, zero bucket, and the buckets as spans and deltas.
/// </summary>
/// <remarks>
/// The two definitions agree on the boundaries (base 2^(2^-scale), so Prometheus's schema is the
/// SDK's scale) and differ by one in the index: the SDK's bucket i holds (base^i, base^(i+1)],
/// Prometheus's bucket i holds (base^(i-1), base^i]. The SDK's zero bucket holds exact zeros
/// only, so the zero threshold is the smallest positive double; it being above zero is also
/// what tells Prometheus 2.42 that a histogram without observations yet is a native one. The SDK
/// exposes no buckets of negative values (its <c>NegativeBuckets</c> is internal), so none are written.
/// </remarks>
internal sealed class NativeHistogramWriter(ProtobufEncoder encoder)
{
    // Histogram
    private const int Schema = 5;
    private const int ZeroThreshold = 6;
    private const int ZeroCount = 7;
    private const int PositiveSpan = 12;
    private const int PositiveDelta = 13;

    // BucketSpan
    private const int SpanOffset = 1;
    private const int SpanLength = 2;

    // A run of more empty buckets than this between two filled ones starts a new span, which
    // costs about as much as the deltas of the empty buckets it skips.
    private const int LongestZeroRunInSpan = 2;

    private readonly List<long> counts = [];
    private readonly List<(int First, int Length)> spans = [];

    /// <summary>Writes the native fields of <paramref name="data"/> into the <c>Histogram</c> message being written.</summary>
    public void Write(ExponentialHistogramData data)
    {
        encoder.SInt64(Schema, data.Scale);
        encoder.Double(ZeroThreshold, double.Epsilon);
        encoder.UInt64(ZeroCount, (ulong)data.ZeroCount);
        PositiveBuckets(data.PositiveBuckets);
    }

    /// <summary>The measurements <paramref name="data"/>'s buckets hold: the zero bucket's and the positive ones'.</summary>
    public static ulong CountOf(ExponentialHistogramData data)
    {
        var count = (ulong)data.ZeroCount;
        foreach (var bucket in data.PositiveBuckets)
        {
            count += (ulong)bucket;
        }

        return count;
    }

    private void PositiveBuckets(ExponentialHistogramBuckets buckets)
    {
        counts.Clear();
        foreach (var count in buckets)
        {
            counts.Add(count);
        }

        FindSpans();
        if (spans.Count == 0)
        {
            return;
        }

        // Prometheus's index of the SDK's bucket at position 0 of counts.
        var firstIndex = buckets.Offset + 1;
        var end = 0;
        for (var i = 0; i < spans.Count; i++)
        {
            var (first, length) = spans[i];
            encoder.Begin();
            encoder.SInt64(SpanOffset, i == 0 ? firstIndex + first : first - end);
            encoder.UInt64(SpanLength, (ulong)length);
            encoder.End(PositiveSpan);
            end = first + length;
        }

        encoder.Begin();
        long previous = 0;
        foreach (var (first, length) in spans)
        {
            for (var position = first; position < first + length; position++)
            {
                encoder.SInt64Element(counts[position] - previous);
                previous = counts[position];
            }
        }

        encoder.End(PositiveDelta);
    }

    /// <summary>The runs of <see cref="counts"/> to write: filled buckets and short gaps between them.</summary>
    private void FindSpans()
    {
        spans.Clear();
        var start = -1;
        var lastFilled = -1;
        for (var position = 0; position < counts.Count; position++)
        {
            if (counts[position] == 0)
            {
                continue;
            }

            if (start < 0)
            {
                start = position;
            }
            else if (position - lastFilled - 1 > LongestZeroRunInSpan)
            {
                spans.Add((start, lastFilled - start + 1));
                start = position;
            }

            lastFilled = position;
        }

        if (start >= 0)
        {
            spans.Add((start, lastFilled - start + 1));
        }
    }
}
