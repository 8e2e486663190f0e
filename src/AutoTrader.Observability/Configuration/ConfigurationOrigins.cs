namespace AutoTrader.Observability.Configuration;

/// <summary>
/// Where each configuration value in effect came from: a command-line flag, an environment
/// variable, a line of the file, or the built-in default.
/// </summary>
public sealed class ConfigurationOrigins
{
    /// <summary>The origin of a key no source set.</summary>
    public const string Default = "default";

    private readonly Dictionary<string, ConfigurationEntry> _entries;

    internal ConfigurationOrigins(Dictionary<string, ConfigurationEntry> entries) => _entries = entries;

    /// <summary>
    /// Where <paramref name="key"/> was set, such as <c>configs/observability.yaml:12</c>,
    /// <c>environment variable LOG_LEVEL</c> or <c>--log-level</c>; <see cref="Default"/> when
    /// nothing set it. For a list or a map, where its (first) item was set, or else where it was
    /// written empty.
    /// </summary>
    /// <param name="key">The key path with colons, such as <c>observability:logging:level</c>.</param>
    public string Of(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var found = _entries.TryGetValue(key, out var entry);
        if (found && (entry.Value is not null || entry.IsEmptyList))
        {
            return entry.Origin;
        }

        if (_entries.TryGetValue(key + ":0", out var first))
        {
            return first.Origin;
        }

        var prefix = key + ":";
        foreach (var (k, e) in _entries)
        {
            if (k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return e.Origin;
            }
        }

        return found ? entry.Origin : Default;
    }
}
