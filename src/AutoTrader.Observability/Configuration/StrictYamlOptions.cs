namespace AutoTrader.Observability.Configuration;

/// <summary>
/// Binds one root section of a YAML file onto an options class the way
/// <see cref="ObservabilityConfiguration"/> does: <c>${NAME:default}</c> placeholders, environment
/// variables that override keys, explicit overrides last, strict keys and types, then validation;
/// every problem is reported at once with its key, value and origin.
/// </summary>
public static class StrictYamlOptions
{
    /// <summary>Loads <typeparamref name="T"/> from the <paramref name="rootKey"/> section of <paramref name="reader"/> (null: defaults only).</summary>
    /// <param name="reader">The YAML text, or null.</param>
    /// <param name="fileName">Name of the file in error messages.</param>
    /// <param name="rootKey">The top-level key of the section, such as <c>observability</c>.</param>
    /// <param name="environment">Environment variables for placeholders and overrides.</param>
    /// <param name="environmentOverrides">Environment variable name to the key (with colons) it overrides.</param>
    /// <param name="overrides">Keys set last, such as command-line flags.</param>
    /// <param name="validate">Adds a sentence per invalid value; its second argument tells where a key was set, as <c>" (file:line)"</c>.</param>
    /// <exception cref="ObservabilityConfigurationException">The YAML is malformed or a value is invalid.</exception>
    public static T Load<T>(
        TextReader? reader,
        string fileName,
        string rootKey,
        IReadOnlyDictionary<string, string> environment,
        IReadOnlyDictionary<string, string> environmentOverrides,
        IEnumerable<ConfigurationOverride>? overrides,
        Action<T, Func<string, string>, List<string>> validate)
        where T : new()
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(environmentOverrides);
        ArgumentNullException.ThrowIfNull(validate);
        var entries = reader is null
            ? new Dictionary<string, ConfigurationEntry>(StringComparer.OrdinalIgnoreCase)
            : YamlConfigurationFile.Parse(reader, fileName, environment);

        foreach (var (variable, key) in environmentOverrides)
        {
            if (environment.TryGetValue(variable, out var value) && value.Length > 0)
            {
                entries[key] = new ConfigurationEntry(value, "environment variable " + variable);
            }
        }

        foreach (var o in overrides ?? [])
        {
            entries[o.Key] = new ConfigurationEntry(o.Value, o.Origin);
        }

        var problems = new List<string>();
        var options = new T();
        OptionsBinder.Bind(options, rootKey, entries, problems);
        validate(
            options,
            key => entries.TryGetValue(key, out var e) || entries.TryGetValue(key + ":0", out e) ? $" ({e.Origin})" : " (default)",
            problems);
        if (problems.Count > 0)
        {
            throw new ObservabilityConfigurationException(problems);
        }

        return options;
    }
}
