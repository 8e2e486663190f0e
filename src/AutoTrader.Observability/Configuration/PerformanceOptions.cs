using Microsoft.Extensions.Configuration;

namespace AutoTrader.Observability.Configuration;

/// <summary>The <c>observability.performance</c> section: export tuning of spans and OTLP log records.</summary>
public sealed class PerformanceOptions
{
    /// <summary>Longest an export (of spans, metrics or log records) may take, in seconds. Default value: <c>30</c>.</summary>
    [ConfigurationKeyName("export_timeout_seconds")]
    public double ExportTimeoutSeconds { get; set; } = 30;

    /// <summary>Most spans sent in one export. Default value: <c>512</c>.</summary>
    [ConfigurationKeyName("span_batch_size")]
    public int SpanBatchSize { get; set; } = 512;

    /// <summary>Most spans waiting for export; past it spans are dropped and counted. Default value: <c>2048</c>.</summary>
    [ConfigurationKeyName("span_max_queue_size")]
    public int SpanMaxQueueSize { get; set; } = 2048;

    /// <summary>Seconds between two exports. Default value: <c>5</c>.</summary>
    [ConfigurationKeyName("span_export_delay_seconds")]
    public double SpanExportDelaySeconds { get; set; } = 5;

    /// <summary>Most log records sent in one OTLP export. Default value: <c>512</c>.</summary>
    [ConfigurationKeyName("log_batch_size")]
    public int LogBatchSize { get; set; } = 512;

    /// <summary>Most log records waiting for OTLP export; past it records are dropped and counted. Default value: <c>2048</c>.</summary>
    [ConfigurationKeyName("log_max_queue_size")]
    public int LogMaxQueueSize { get; set; } = 2048;

    /// <summary>Seconds between two OTLP exports of log records. Default value: <c>1</c>.</summary>
    [ConfigurationKeyName("log_export_delay_seconds")]
    public double LogExportDelaySeconds { get; set; } = 1;
}
