using System.Collections.Frozen;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AutoTrader.Observability.Logging;

/// <summary>What every line of one logger provider shares, encoded once.</summary>
internal sealed class LogLineSettings
{
    /// <summary>Non-ASCII text stays readable; quotes, backslashes and control characters are escaped.</summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public LogLineSettings(string service, string environment, string version, IEnumerable<string> redactFields, TimeProvider time)
    {
        Service = JsonEncodedText.Encode(service, Encoder);
        Environment = JsonEncodedText.Encode(environment, Encoder);
        Version = JsonEncodedText.Encode(version, Encoder);
        Redacted = redactFields.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        Time = time;
    }

    public JsonEncodedText Service { get; }

    public JsonEncodedText Environment { get; }

    public JsonEncodedText Version { get; }

    /// <summary>Field names whose values are written as <c>[REDACTED]</c>, compared ignoring case.</summary>
    public FrozenSet<string> Redacted { get; }

    public TimeProvider Time { get; }
}
