using System.Collections;

namespace AutoTrader.Observability.Configuration;

/// <summary>
/// Loads <see cref="ObservabilityOptions"/> once, at start-up: the YAML file (with
/// <c>${NAME:default}</c> placeholders), then the guide's environment variables, then explicit
/// overrides such as command-line flags; then validates the result.
/// </summary>
public static class ObservabilityConfiguration
{
    /// <summary>The configuration file looked for when none is named.</summary>
    public const string DefaultPath = "configs/observability.yaml";

    /// <summary>
    /// Loads and validates the configuration.
    /// </summary>
    /// <param name="path">The YAML file, or null for the built-in defaults.</param>
    /// <param name="environment">Environment variables; null reads the process environment.</param>
    /// <param name="overrides">Configuration keys (such as <c>observability:logging:level</c>) set last, with where they came from.</param>
    /// <exception cref="ObservabilityConfigurationException">The file is missing or malformed, or a value is invalid.</exception>
    public static ObservabilityOptions Load(
        string? path,
        IReadOnlyDictionary<string, string>? environment = null,
        IEnumerable<ConfigurationOverride>? overrides = null)
    {
        if (path is not null && !File.Exists(path))
        {
            throw new ObservabilityConfigurationException($"configuration file '{path}' does not exist");
        }

        using var reader = path is null ? null : new StreamReader(path);
        return Load(reader, path ?? "", environment, overrides);
    }

    /// <summary>Loads and validates configuration from YAML text (or defaults when <paramref name="yaml"/> is null).</summary>
    public static ObservabilityOptions LoadYaml(
        string? yaml,
        IReadOnlyDictionary<string, string>? environment = null,
        IEnumerable<ConfigurationOverride>? overrides = null)
    {
        using var reader = yaml is null ? null : new StringReader(yaml);
        return Load(reader, "<yaml>", environment, overrides);
    }

    /// <summary>A snapshot of the process environment.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment()
    {
        var snapshot = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in System.Environment.GetEnvironmentVariables())
        {
            snapshot[(string)e.Key] = (string?)e.Value ?? "";
        }

        return snapshot;
    }

    private static ObservabilityOptions Load(
        TextReader? reader,
        string fileName,
        IReadOnlyDictionary<string, string>? environment,
        IEnumerable<ConfigurationOverride>? overrides) =>
        StrictYamlOptions.Load<ObservabilityOptions>(
            reader,
            fileName,
            ObservabilityOptions.SectionName,
            environment ?? ProcessEnvironment(),
            EnvironmentOverrides.Keys,
            overrides,
            ObservabilityOptionsValidator.Validate);
}

/// <summary>A configuration key set after the file and the environment, such as a command-line flag.</summary>
/// <param name="Key">Key path with colons, such as <c>observability:logging:level</c>.</param>
/// <param name="Value">The value.</param>
/// <param name="Origin">Where it came from, shown in error messages, such as <c>--log-level</c>.</param>
public sealed record ConfigurationOverride(string Key, string? Value, string Origin);
