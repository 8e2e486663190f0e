namespace AutoTrader.Observability.Configuration;

/// <summary>
/// One source of configuration applied over the ones before it (the file, then environment
/// variables): it sets or removes entries and adds a sentence per invalid input to
/// <paramref name="problems"/>.
/// </summary>
/// <param name="entries">Configuration keys (with colons) to their value and origin so far.</param>
/// <param name="environment">The environment variables.</param>
/// <param name="problems">Where invalid inputs are reported, all at once with the rest.</param>
internal delegate void ConfigurationLayer(Dictionary<string, ConfigurationEntry> entries, IReadOnlyDictionary<string, string> environment, List<string> problems);

/// <summary>Layers made of environment variables that each set configuration keys.</summary>
internal static class EnvironmentVariableLayer
{
    /// <summary>The origin of a value read from <paramref name="variable"/>, as errors and <c>check-config</c> show it.</summary>
    public static string Origin(string variable) => "environment variable " + variable;

    /// <summary>The variable's value, or null when it is unset or empty (which the OpenTelemetry specification also reads as unset).</summary>
    public static string? Value(IReadOnlyDictionary<string, string> environment, string variable) =>
        environment.TryGetValue(variable, out var value) && value.Length > 0 ? value : null;

    /// <summary>Each set variable sets its keys, whatever the layers before said.</summary>
    public static ConfigurationLayer Of(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> variables) => (entries, environment, _) =>
    {
        foreach (var (variable, keys) in variables)
        {
            if (Value(environment, variable) is { } value)
            {
                foreach (var key in keys)
                {
                    entries[key] = new ConfigurationEntry(value, Origin(variable));
                }
            }
        }
    };
}
