using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>
/// Writes one exemplar as OpenMetrics 1.0 writes it after a sample's value:
/// <c> # {trace_id="…",span_id="…"} value timestamp</c>. The label set is always these two labels
/// (63 characters, under the format's 128).
/// </summary>
internal static class OpenMetricsExemplar
{
    private const int TraceIdBytes = 16;
    private const int SpanIdBytes = 8;

    public static void Write(Utf8TextWriter writer, in Exemplar exemplar, bool longValue)
    {
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
