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
        var variables = environmentOverrides.Select(v => new KeyValuePair<string, IReadOnlyList<string>>(v.Key, [v.Value]));
        return Bind(Entries(reader, fileName, environment), rootKey, environment, [EnvironmentVariableLayer.Of(variables)], overrides, validate).Options;
    }

    /// <summary>The entries of a YAML file (none when there is no file), <c>${VAR}</c> references resolved.</summary>
    internal static Dictionary<string, ConfigurationEntry> Entries(TextReader? reader, string fileName, IReadOnlyDictionary<string, string> environment) =>
        reader is null
            ? new Dictionary<string, ConfigurationEntry>(StringComparer.OrdinalIgnoreCase)
            : YamlConfigurationFile.Parse(reader, fileName, environment);

    /// <summary>
    /// Binds <typeparamref name="T"/> from <paramref name="entries"/> (a file's, or a host
    /// configuration's), then <paramref name="layers"/> in order, then <paramref name="overrides"/>.
    /// </summary>
    internal static (T Options, ConfigurationOrigins Origins) Bind<T>(
        Dictionary<string, ConfigurationEntry> entries,
        string rootKey,
        IReadOnlyDictionary<string, string> environment,
        IEnumerable<ConfigurationLayer> layers,
        IEnumerable<ConfigurationOverride>? overrides,
        Action<T, Func<string, string>, List<string>> validate)
        where T : new()
    {
        ArgumentNullException.ThrowIfNull(validate);
        var problems = new List<string>();
        foreach (var layer in layers)
        {
            layer(entries, environment, problems);
        }

        foreach (var o in overrides ?? [])
        {
            entries[o.Key] = new ConfigurationEntry(o.Value, o.Origin);
        }

        var options = new T();
        var origins = new ConfigurationOrigins(entries);
        OptionsBinder.Bind(options, rootKey, entries, problems);
        validate(options, key => origins.Of(key) is var origin && origin == ConfigurationOrigins.Default ? " (default)" : $" ({origin})", problems);
        if (problems.Count > 0)
        {
            throw new ObservabilityConfigurationException(problems);
        }

        return (options, origins);
    }
}
