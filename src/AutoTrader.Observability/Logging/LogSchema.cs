using System.Text;
using System.Text.Json;
using AutoTrader.Observability.Configuration;
using Microsoft.Extensions.Logging;

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

    /// <summary>The text of plain scopes (neither pairs nor bound context), as an array of strings.</summary>
    internal const string Scope = "scope";

    /// <summary>The <see cref="EventId"/> of a classic <c>ILogger</c> call, when not zero.</summary>
    internal const string EventIdKey = "event_id";

    /// <summary>The name of that <see cref="EventId"/>, when it has one.</summary>
    internal const string EventNameKey = "event_name";

    internal static readonly JsonEncodedText RedactedValue = JsonEncodedText.Encode(Redacted);

    // What the line builder writes, encoded once from the names above (as ZLogger's JsonPropertyNames
    // does), so that a key changed here changes the line.
    internal static readonly byte[] LineStart = Property("{", Timestamp, "\"");
    internal static readonly byte[] LevelProperty = Property(",", Level, "\"");
    internal static readonly byte[] LoggerProperty = Property("\",", Logger, "\"");
    internal static readonly byte[] EventProperty = Property("\",", Event, "");
    internal static readonly byte[] ExceptionProperty = Property(",", Exception, "");
    internal static readonly byte[] TraceIdProperty = Property(",", TraceId, "\"");
    internal static readonly byte[] SpanIdProperty = Property(",", SpanId, "\"");
    internal static readonly byte[] ServiceProperty = Property(",", Service, "\"");
    internal static readonly byte[] EnvironmentProperty = Property("\",", Environment, "\"");
    internal static readonly byte[] VersionProperty = Property("\",", Version, "\"");

    /// <summary>The keys of an <see cref="Exception"/> object.</summary>
    internal static readonly JsonEncodedText ExceptionType = JsonEncodedText.Encode("type");
    internal static readonly JsonEncodedText ExceptionMessage = JsonEncodedText.Encode("message");
    internal static readonly JsonEncodedText ExceptionStackTrace = JsonEncodedText.Encode("stack_trace");
    internal static readonly JsonEncodedText ExceptionInner = JsonEncodedText.Encode("inner");
    internal static readonly JsonEncodedText ExceptionInnerList = JsonEncodedText.Encode("inner_exceptions");

    /// <summary>The encoded <see cref="Level"/> value of each <see cref="LogLevel"/> from trace to critical.</summary>
    internal static readonly JsonEncodedText[] LevelValues =
        [.. Enumerable.Range(0, (int)LogLevel.Critical + 1).Select(level => JsonEncodedText.Encode(LogLevelNames.NameOf((LogLevel)level)))];

    /// <summary>Keys a field may not take; trace_id and span_id may be given explicitly.</summary>
    internal static bool IsReserved(string key) => key switch
    {
        Timestamp or Level or Logger or Event or Exception or Service or Environment or Version => true,
        _ => false,
    };

    /// <summary><paramref name="before"/>, the quoted key, a colon and <paramref name="after"/>, as UTF-8.</summary>
    private static byte[] Property(string before, string key, string after) =>
        [.. Encoding.UTF8.GetBytes(before), (byte)'"', .. JsonEncodedText.Encode(key).EncodedUtf8Bytes, .. "\":"u8, .. Encoding.UTF8.GetBytes(after)];
}
