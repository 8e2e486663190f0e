using System.Diagnostics.Metrics;
using AutoTrader.Observability.Logging;
using AutoTrader.Observability.Tracing;

namespace AutoTrader.Observability.Metrics;

/// <summary>
/// The series of <c>telemetry_dropped_total</c>: every way a log line or a span is lost on its way
/// out, read at each collection from the host's logger provider and exporters. Every pair of
/// <see cref="Pairs"/> is reported from the first scrape on, at 0 until something is lost, so that
/// <c>rate()</c> and the <c>TelemetryLoss</c> alert work from the start.
/// </summary>
/// <remarks>
/// Per host, except <c>traces</c>/<c>queue_full</c>: the SDK keeps its batch processors' drop counts
/// internal and reports them only on its process-wide <c>otel.sdk.processor.span.processed</c>
/// counter, whose processors cannot be told apart by host (<see cref="TraceExportStatistics"/>), so
/// two hosts in one process (tests) both report every host's queue drops.
/// </remarks>
/// <param name="logs">The host's logger provider; null when the host logs elsewhere (its logs series stay 0).</param>
/// <param name="traces">The host's exporters' failures.</param>
internal sealed class TelemetryLoss(AutoTraderLoggerProvider? logs, SpanExportFailures traces)
{
    /// <summary>The <c>signal</c> of log lines.</summary>
    public const string Logs = "logs";

    /// <summary>The <c>signal</c> of spans.</summary>
    public const string Traces = "traces";

    /// <summary>Dropped because the queue was full (or its writer had stopped).</summary>
    public const string QueueFull = "queue_full";

    /// <summary>Log lines lost because the output threw while they were written.</summary>
    public const string WriteFailed = "write_failed";

    /// <summary>Log events lost because they could not be formatted.</summary>
    public const string FormatFailed = "format_failed";

    /// <summary>Spans in batches an exporter failed to send.</summary>
    public const string ExportFailed = "export_failed";

    /// <summary>Every (signal, reason) pair, in the order reported, with what it counts.</summary>
    public static readonly IReadOnlyList<(string Signal, string Reason, string Counts)> Pairs =
    [
        (Logs, QueueFull, "lines dropped because the log queue was full or the writer had stopped"),
        (Logs, WriteFailed, "lines lost because the output threw while they were written (a closed pipe, a full disk)"),
        (Logs, FormatFailed, "events that could not be formatted"),
        (Traces, QueueFull, "spans dropped because the export queue was full (counted for the whole process)"),
        (Traces, ExportFailed, "spans in batches an exporter failed to send: the OTLP endpoint answered an error, refused the connection or timed out, or standard error was closed"),
    ];

    private static readonly KeyValuePair<string, object?>[][] Tags =
        [.. Pairs.Select(p => new KeyValuePair<string, object?>[] { new("signal", p.Signal), new("reason", p.Reason) })];

    /// <summary>The current count of every pair, in the order of <see cref="Pairs"/>.</summary>
    public IEnumerable<Measurement<long>> Observe()
    {
        var log = logs?.Statistics ?? default;
        long[] counts = [log.QueueFullLines, log.WriteFailedLines, log.FormatFailures, TraceExportStatistics.DroppedSpans, traces.Spans];
        return counts.Select((count, i) => new Measurement<long>(count, Tags[i]));
    }
}
