using System.Text.Json;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// The keys of a log line, in the order they are written:
/// <c>timestamp, level, logger, event</c>, the event's fields, bound context and scopes,
/// <c>exception</c>, <c>trace_id, span_id</c>, then <c>service, environment, version</c>.
/// </summary>
/// <remarks>
/// A field whose name is one of the reserved keys is written with a leading underscore
/// (<c>_level</c>) so that it can never hide or duplicate the line's own key.
/// </remarks>
public static class LogSchema
{
    /// <summary>UTC time of the event, ISO 8601 with milliseconds and <c>Z</c>.</summary>
    public const string Timestamp = "timestamp";

    /// <summary>DEBUG, INFO, WARNING, ERROR or CRITICAL.</summary>
    public const string Level = "level";

    /// <summary>The logger's name (its category).</summary>
    public const string Logger = "logger";

    /// <summary>The event name, or the formatted message of a classic <c>ILogger</c> call.</summary>
    public const string Event = "event";

    /// <summary>An object with <c>type</c>, <c>message</c>, <c>stack_trace</c> and <c>inner</c> (or <c>inner_exceptions</c>).</summary>
    public const string Exception = "exception";

    /// <summary>W3C trace id (32 hex digits) of the current span.</summary>
    public const string TraceId = "trace_id";

    /// <summary>W3C span id (16 hex digits) of the current span.</summary>
    public const string SpanId = "span_id";

    /// <summary>
    /// A field of the <c>http_request</c> access line, beside <see cref="TraceId"/>: whether the
    /// request's trace was sampled (its spans kept and its <c>traceparent</c> flag set).
    /// </summary>
    public const string TraceSampled = "trace_sampled";

    /// <summary>Configured service name.</summary>
    public const string Service = "service";

    /// <summary>Configured environment.</summary>
    public const string Environment = "environment";

    /// <summary>Configured version.</summary>
    public const string Version = "version";

    /// <summary>The value written in place of a redacted field.</summary>
    public const string Redacted = "[REDACTED]";

    internal static readonly JsonEncodedText RedactedValue = JsonEncodedText.Encode(Redacted);

    internal static readonly JsonEncodedText[] LevelValues =
    [
        JsonEncodedText.Encode("DEBUG"), JsonEncodedText.Encode("DEBUG"), JsonEncodedText.Encode("INFO"),
        JsonEncodedText.Encode("WARNING"), JsonEncodedText.Encode("ERROR"), JsonEncodedText.Encode("CRITICAL"),
    ];

    /// <summary>Keys a field may not take; trace_id and span_id may be given explicitly.</summary>
    internal static bool IsReserved(string key) => key switch
    {
        Timestamp or Level or Logger or Event or Exception or Service or Environment or Version => true,
        _ => false,
    };
}
