using Microsoft.Extensions.Configuration;

namespace AutoTrader.Observability.Configuration;

/// <summary>The <c>observability.logging</c> section.</summary>
public sealed class LoggingOptions
{
    /// <summary>The fields whose values are redacted when no list is configured.</summary>
    public static readonly IReadOnlyList<string> DefaultRedactFields = ["api_key", "secret", "password", "token"];

    /// <summary>Minimum level: DEBUG, INFO, WARNING, ERROR or CRITICAL (<c>LOG_LEVEL</c>). Default value: <c>INFO</c>.</summary>
    [ConfigurationKeyName("level")]
    public string Level { get; set; } = "INFO";

    /// <summary><c>json</c> (one JSON object per line) or <c>console</c> (readable, one line per event). Default value: <c>json</c>.</summary>
    [ConfigurationKeyName("format")]
    public string Format { get; set; } = "json";

    /// <summary>Whether log lines are written to the console. Default value: <c>true</c>.</summary>
    [ConfigurationKeyName("enable_console")]
    public bool EnableConsole { get; set; } = true;

    /// <summary>Sampling of high-volume (DEBUG and INFO) lines.</summary>
    [ConfigurationKeyName("sampling")]
    public LogSamplingOptions Sampling { get; set; } = new();

    /// <summary>
    /// Field names (case-insensitive) whose values are written as <c>[REDACTED]</c>.
    /// Default value: <c>api_key, secret, password, token</c>.
    /// </summary>
    /// <remarks>Null means "not configured"; an empty list turns redaction off.</remarks>
    [ConfigurationKeyName("redact_fields")]
    public List<string>? RedactFields { get; set; }

    /// <summary>
    /// Bytes of formatted lines that may wait for the background writer; past it new lines are
    /// dropped and counted, so a slow console never blocks the caller. Captured events wait
    /// besides, one per KiB of it (at most 4,096). Default value: 8 MiB.
    /// </summary>
    [ConfigurationKeyName("queue_capacity_bytes")]
    public int QueueCapacityBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Where log records go besides the console.</summary>
    [ConfigurationKeyName("exporters")]
    public LogExportersOptions Exporters { get; set; } = new();

    /// <summary>The configured redaction list, or the default when none is configured.</summary>
    public IReadOnlyList<string> EffectiveRedactFields => RedactFields ?? DefaultRedactFields;
}

/// <summary>The <c>observability.logging.sampling</c> section.</summary>
public sealed class LogSamplingOptions
{
    /// <summary>Whether DEBUG and INFO lines are sampled. Default value: <c>false</c>.</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; }

    /// <summary>Fraction (0..1) of DEBUG and INFO lines kept when sampling. Default value: <c>1.0</c>.</summary>
    [ConfigurationKeyName("rate")]
    public double Rate { get; set; } = 1.0;
}

/// <summary>The <c>observability.logging.exporters</c> section: where log records go besides the console, never instead of it.</summary>
public sealed class LogExportersOptions
{
    /// <summary>
    /// Log records sent over OTLP (<c>OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_LOGS_ENDPOINT</c>):
    /// the events the console gets, redacted the same way.
    /// </summary>
    [ConfigurationKeyName("otlp")]
    public EndpointExporterOptions Otlp { get; set; } = new() { Endpoint = "http://localhost:4317" };
}
