using System.Collections.Concurrent;
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
        Trailer = [.. LogSchema.ServiceProperty, .. Service.EncodedUtf8Bytes,
                   .. LogSchema.EnvironmentProperty, .. Environment.EncodedUtf8Bytes,
                   .. LogSchema.VersionProperty, .. Version.EncodedUtf8Bytes,
                   .. "\"}\n"u8];
    }

    /// <summary>The end of every line: <c>,"service":…,"environment":…,"version":…}</c> and the newline, encoded once.</summary>
    public byte[] Trailer { get; }

    public JsonEncodedText Service { get; }

    public JsonEncodedText Environment { get; }

    public JsonEncodedText Version { get; }

    /// <summary>Field names whose values are written as <c>[REDACTED]</c>, compared ignoring case.</summary>
    public FrozenSet<string> Redacted { get; }

    public TimeProvider Time { get; }

    /// <summary>
    /// What a key becomes on the line, computed once per name: call sites pass the same literal
    /// string every time (as do scopes such as Kestrel's <c>ConnectionId</c> and message templates),
    /// so names are looked up by reference, which skips transcoding, escaping and the redaction
    /// lookup on every event. Bounded, so generated names cannot grow it.
    /// </summary>
    public FieldKey KeyOf(string key)
    {
        if (_keys.TryGetValue(key, out var known))
        {
            return known;
        }

        var claimed = Utf16Text.Sanitize(LogSchema.IsReserved(key) ? "_" + key : key);
        var encoded = JsonEncodedText.Encode(claimed, Encoder);
        var computed = new FieldKey(claimed, [.. ",\""u8, .. encoded.EncodedUtf8Bytes, .. "\":"u8], Redacted.Contains(key));
        if (_keys.Count < MaxCachedKeys)
        {
            _keys.TryAdd(key, computed);
        }

        return computed;
    }

    private const int MaxCachedKeys = 1024;

    private readonly ConcurrentDictionary<string, FieldKey> _keys = new(ReferenceEqualityComparer.Instance);
}

/// <summary>
/// A field name as written: its line name (reserved names get a leading underscore), the encoded
/// <c>,"name":</c> that precedes its value, and whether its value is redacted.
/// </summary>
internal readonly record struct FieldKey(string Name, byte[] Property, bool Redacted);
