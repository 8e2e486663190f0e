using System.Diagnostics.Metrics;
using AutoTrader.Observability.Logging;
using AutoTrader.Observability.Tracing;

namespace AutoTrader.Observability.Metrics;

/// <summary>
/// The series of <c>telemetry_dropped_total</c>: every way a log line or record, a span or a metric
/// point is lost on its way out, read at each collection from the host's logger provider and
/// exporters. Every pair of <see cref="Pairs"/> is reported from the first scrape on, at 0 until
/// something is lost, so that <c>rate()</c> and the <c>TelemetryLoss</c> alert work from the start.
/// </summary>
/// <remarks>
/// Per host, except <c>traces</c>/<c>queue_full</c>: the SDK keeps its batch processors' drop counts
/// internal and reports them only on its process-wide <c>otel.sdk.processor.span.processed</c>
/// counter, whose processors cannot be told apart by host (<see cref="TraceExportStatistics"/>), so
/// two hosts in one process (tests) both report every host's queue drops.
/// </remarks>
/// <param name="logs">The host's logger provider; null when the host logs elsewhere (its logs series stay 0).</param>
/// <param name="traces">The host's span exporters' failures.</param>
/// <param name="metrics">The host's OTLP metric exporter's failures.</param>
internal sealed class TelemetryLoss(AutoTraderLoggerProvider? logs, SpanExportFailures traces, MetricExportFailures metrics)
{
    /// <summary>The <c>signal</c> of log lines and records.</summary>
    public const string Logs = "logs";

    /// <summary>The <c>signal</c> of spans.</summary>
    public const string Traces = "traces";

    /// <summary>The <c>signal</c> of metric points pushed over OTLP.</summary>
    public const string Metrics = "metrics";

    /// <summary>Dropped because the queue was full (or its writer had stopped).</summary>
    public const string QueueFull = "queue_full";

    /// <summary>Log lines lost because the output threw while they were written.</summary>
    public const string WriteFailed = "write_failed";

    /// <summary>Log events lost because they could not be formatted.</summary>
    public const string FormatFailed = "format_failed";

    /// <summary>Spans, log records or metric points in exports that failed.</summary>
    public const string ExportFailed = "export_failed";

    /// <summary>Log records dropped because the OTLP export queue was full.</summary>
    public const string ExportQueueFull = "export_queue_full";

    /// <summary>Every (signal, reason) pair, in the order reported, with what it counts.</summary>
    public static readonly IReadOnlyList<(string Signal, string Reason, string Counts)> Pairs =
    [
        (Logs, QueueFull, "lines dropped because the log queue was full or the writer had stopped"),
        (Logs, WriteFailed, "lines lost because the output threw while they were written (a closed pipe, a full disk)"),
        (Logs, FormatFailed, "events that could not be formatted"),
        (Logs, ExportQueueFull, "log records dropped because the OTLP export queue (`performance.log_max_queue_size`) was full"),
        (Logs, ExportFailed, "log records in batches the OTLP endpoint refused, answered with an error or did not take within the export timeout"),
        (Traces, QueueFull, "spans dropped because the export queue was full (counted for the whole process)"),
        (Traces, ExportFailed, "spans in batches an exporter failed to send: the OTLP endpoint answered an error, refused the connection or timed out, or standard error was closed"),
        (Metrics, ExportFailed, "metric points in OTLP pushes that failed (with cumulative temporality the next push carries the totals again)"),
    ];

    private static readonly KeyValuePair<string, object?>[][] Tags =
        [.. Pairs.Select(p => new KeyValuePair<string, object?>[] { new("signal", p.Signal), new("reason", p.Reason) })];

    /// <summary>The current count of every pair, in the order of <see cref="Pairs"/>.</summary>
    public IEnumerable<Measurement<long>> Observe()
    {
        var log = logs?.Statistics ?? default;
        long[] counts =
        [
            log.QueueFullLines, log.WriteFailedLines, log.FormatFailures, log.ExportQueueFullRecords, log.ExportFailedRecords,
            TraceExportStatistics.DroppedSpans, traces.Spans, metrics.Points,
        ];
        return counts.Select((count, i) => new Measurement<long>(count, Tags[i]));
    }
}
