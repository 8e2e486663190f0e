using System.Collections;
using AutoTrader.Observability.Otlp;
using Microsoft.Extensions.Configuration;

namespace AutoTrader.Observability.Configuration;

/// <summary>
/// Loads <see cref="ObservabilityOptions"/> once, at start-up, from (lowest precedence first) the
/// built-in defaults, the YAML file (with <c>${NAME:default}</c> placeholders), the standard
/// <c>OTEL_*</c> variables (<see cref="OpenTelemetryEnvironment"/>), the guide's environment
/// variables (<see cref="EnvironmentOverrides"/>), and explicit overrides such as command-line
/// flags; then validates the result.
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
        IEnumerable<ConfigurationOverride>? overrides = null) =>
        LoadWithOrigins(path, environment, overrides).Options;

    /// <summary>Loads and validates the configuration like <see cref="Load(string?, IReadOnlyDictionary{string, string}?, IEnumerable{ConfigurationOverride}?)"/>, and tells where each value came from.</summary>
    /// <param name="path">The YAML file, or null for the built-in defaults.</param>
    /// <param name="environment">Environment variables; null reads the process environment.</param>
    /// <param name="overrides">Configuration keys set last, with where they came from.</param>
    /// <exception cref="ObservabilityConfigurationException">The file is missing or malformed, or a value is invalid.</exception>
    public static LoadedConfiguration LoadWithOrigins(
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
        return Load(reader, "<yaml>", environment, overrides).Options;
    }

    /// <summary>
    /// Loads and validates the <c>observability</c> section of a host's configuration
    /// (appsettings.json, <c>observability__logging__level</c> variables, ...) with the same keys,
    /// environment variables, validation and error messages as the YAML file; an error names the
    /// configuration provider that set the value.
    /// </summary>
    /// <param name="configuration">The host's configuration; a missing section means the built-in defaults.</param>
    /// <param name="environment">Environment variables; null reads the process environment.</param>
    /// <param name="overrides">Configuration keys set last, with where they came from.</param>
    /// <exception cref="ObservabilityConfigurationException">A value is invalid.</exception>
    public static LoadedConfiguration LoadFromHostConfiguration(
        IConfiguration configuration,
        IReadOnlyDictionary<string, string>? environment = null,
        IEnumerable<ConfigurationOverride>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Load(HostConfigurationEntries.Of(configuration, ObservabilityOptions.SectionName), environment, overrides);
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

    private static LoadedConfiguration Load(
        TextReader? reader,
        string fileName,
        IReadOnlyDictionary<string, string>? environment,
        IEnumerable<ConfigurationOverride>? overrides)
    {
        environment ??= ProcessEnvironment();
        return Load(StrictYamlOptions.Entries(reader, fileName, environment), environment, overrides);
    }

    private static LoadedConfiguration Load(
        Dictionary<string, ConfigurationEntry> entries,
        IReadOnlyDictionary<string, string>? environment,
        IEnumerable<ConfigurationOverride>? overrides)
    {
        var (options, origins) = StrictYamlOptions.Bind<ObservabilityOptions>(
            entries,
            ObservabilityOptions.SectionName,
            environment ?? ProcessEnvironment(),
            [OpenTelemetryEnvironment.Apply, EnvironmentVariableLayer.Of(EnvironmentOverrides.Keys)],
            overrides,
            ObservabilityOptionsValidator.Validate);
        foreach (var signal in OtlpSignals.All)
        {
            var exporter = Exporter(options, signal);
            exporter.EndpointIsSignalUrl = OtelExporterVariables.IsSignalEndpoint(origins.Of(OtelExporterVariables.Section(signal) + ":endpoint"), signal);
        }

        return new LoadedConfiguration(options, origins);
    }

    /// <summary>A signal's OTLP exporter options.</summary>
    internal static EndpointExporterOptions Exporter(ObservabilityOptions options, OtlpSignal signal) => signal switch
    {
        OtlpSignal.Traces => options.Tracing.Exporters.Otlp,
        OtlpSignal.Metrics => options.Metrics.Exporters.Otlp,
        _ => options.Logging.Exporters.Otlp,
    };
}

/// <summary>Validated options and where each of their values came from.</summary>
/// <param name="Options">The options in effect.</param>
/// <param name="Origins">Where each value came from: a flag, a variable, a file line, or the default.</param>
public sealed record LoadedConfiguration(ObservabilityOptions Options, ConfigurationOrigins Origins);

/// <summary>A configuration key set after the file and the environment, such as a command-line flag.</summary>
/// <param name="Key">Key path with colons, such as <c>observability:logging:level</c>.</param>
/// <param name="Value">The value.</param>
/// <param name="Origin">Where it came from, shown in error messages, such as <c>--log-level</c>.</param>
public sealed record ConfigurationOverride(string Key, string? Value, string Origin);
