using System.Diagnostics;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>
/// Writes the exemplars the OpenTelemetry SDK kept for one metric point as OpenMetrics 1.0 writes
/// them after a sample's value: <c> # {trace_id="…",span_id="…"} value timestamp</c>.
/// </summary>
/// <remarks>
/// OpenMetrics allows an exemplar on a counter's <c>_total</c> and on a histogram's <c>_bucket</c>
/// samples only, one per sample, and a bucket's exemplar must lie in that bucket. The label set is
/// always these two labels (63 characters, under the format's 128). An exemplar without a trace
/// (none is recorded so under the <c>trace_based</c> filter) is left out. One instance per
/// serializer; a scrape at a time uses it.
/// </remarks>
internal sealed class OpenMetricsExemplars
{
    private const int TraceIdBytes = 16;
    private const int SpanIdBytes = 8;

    private readonly List<Exemplar> kept = [];

    /// <summary>Takes the exemplars of <paramref name="point"/>; false when it has none with a trace.</summary>
    public bool Load(in MetricPoint point)
    {
        kept.Clear();
        if (!point.TryGetExemplars(out var exemplars))
        {
            return false;
        }

        foreach (ref readonly var exemplar in exemplars)
        {
            if (exemplar.TraceId != default(ActivityTraceId))
            {
                kept.Add(exemplar);
            }
        }

        return kept.Count > 0;
    }

    /// <summary>
    /// Writes the first loaded exemplar (after <see cref="Load"/> found one): a counter's, of which
    /// the SDK keeps one, drawn from the measurements since the previous collection.
    /// </summary>
    public void WriteFirst(Utf8TextWriter writer, bool longValue) => Write(writer, 0, longValue);

    /// <summary>
    /// Writes the loaded exemplar whose value is in the bucket (<paramref name="lower"/>,
    /// <paramref name="upper"/>], if any: the SDK keeps one per bucket, the latest.
    /// </summary>
    public void WriteInBucket(Utf8TextWriter writer, double lower, double upper)
    {
        for (var i = 0; i < kept.Count; i++)
        {
            if (kept[i].DoubleValue > lower && kept[i].DoubleValue <= upper)
            {
                Write(writer, i, longValue: false);
                return;
            }
        }
    }

    private void Write(Utf8TextWriter writer, int index, bool longValue)
    {
        var exemplar = kept[index];
        Span<byte> id = stackalloc byte[TraceIdBytes];
        writer.Write(" # {trace_id=\""u8);
        exemplar.TraceId.CopyTo(id);
        writer.WriteHex(id);
        writer.Write("\",span_id=\""u8);
        exemplar.SpanId.CopyTo(id[..SpanIdBytes]);
        writer.WriteHex(id[..SpanIdBytes]);
        writer.Write("\"} "u8);
        if (longValue)
        {
            writer.WriteValue(exemplar.LongValue);
        }
        else
        {
            writer.WriteValue(exemplar.DoubleValue);
        }

        // Seconds since the epoch; milliseconds divided by 1000 print as at most three decimals.
        writer.Write(" "u8);
        writer.WriteValue(exemplar.Timestamp.ToUnixTimeMilliseconds() / 1000.0);
    }
}
