using System.CommandLine;
using System.Globalization;
using AutoTrader.Observability.Configuration;
using AutoTrader.Scanner.Configuration;

namespace AutoTrader.Cli;

/// <summary>The options every command takes, and how they become validated configuration.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Config = new("--config")
    {
        Description = $"Configuration file (default: {ObservabilityConfiguration.DefaultPath}, looked for in the working directory, then next to the program)",
        Recursive = true,
    };

    public static readonly Option<string?> ScannerConfig = new("--scanner-config")
    {
        Description = $"Scanner configuration file (default: {ScannerConfiguration.DefaultPath}, looked for like --config)",
        Recursive = true,
    };

    public static readonly Option<string?> LogLevel = new("--log-level")
    {
        Description = "Minimum log level: DEBUG, INFO, WARNING, ERROR or CRITICAL (overrides the file and LOG_LEVEL)",
        Recursive = true,
    };

    /// <summary>How long a stopping service lets requests and scans in flight finish (<c>serve</c> and <c>metrics-server</c>).</summary>
    public static readonly Option<int> DrainTimeout = CreateDrainTimeout();

    /// <summary>The value of <see cref="DrainTimeout"/>.</summary>
    public static TimeSpan DrainTimeoutOf(ParseResult parse) => TimeSpan.FromSeconds(parse.GetValue(DrainTimeout));

    /// <summary>Loads the configuration the command line names; throws <see cref="ObservabilityConfigurationException"/> when it is invalid.</summary>
    public static ObservabilityOptions Load(ParseResult parse, params IEnumerable<ConfigurationOverride> extra) =>
        LoadWithOrigins(parse, extra).Options;

    /// <summary>
    /// Loads the configuration the command line names, with the metrics port of
    /// <paramref name="portOption"/> (<c>--port</c>, <c>--metrics-port</c>) when it is given.
    /// </summary>
    public static ObservabilityOptions LoadWithMetricsPort(ParseResult parse, Option<int?> portOption) =>
        parse.GetValue(portOption) is { } port
            ? Load(parse, new ConfigurationOverride("observability:metrics:port", port.ToString(CultureInfo.InvariantCulture), portOption.Name))
            : Load(parse);

    /// <summary>
    /// Loads the configuration the command line names, with where each value came from (flags,
    /// then the guide's variables, then <c>OTEL_*</c>, then the file, then the defaults).
    /// </summary>
    public static LoadedConfiguration LoadWithOrigins(ParseResult parse, params IEnumerable<ConfigurationOverride> extra)
    {
        var overrides = new List<ConfigurationOverride>();
        if (parse.GetValue(LogLevel) is { } level)
        {
            overrides.Add(new ConfigurationOverride("observability:logging:level", level, "--log-level"));
        }

        overrides.AddRange(extra);
        return ObservabilityConfiguration.LoadWithOrigins(ResolveConfigPath(parse.GetValue(Config)), overrides: overrides);
    }

    /// <summary>Loads the scanner configuration the command line names; throws <see cref="ScannerConfigurationException"/> when it is invalid.</summary>
    public static ScannerOptions LoadScanner(ParseResult parse) =>
        ScannerConfiguration.Load(ResolveConfigPath(parse.GetValue(ScannerConfig), ScannerConfiguration.DefaultPath));

    /// <summary>
    /// An explicit path must exist. Without one, the default file is taken from the working
    /// directory or from beside the program; with neither, the built-in defaults apply.
    /// </summary>
    public static string? ResolveConfigPath(string? explicitPath, string defaultPath = ObservabilityConfiguration.DefaultPath)
    {
        if (explicitPath is not null)
        {
            return explicitPath;
        }

        // Found in the working directory, the path stays relative, as the operator would type it in
        // messages and in check-config's origins; found beside the program, it is absolute.
        if (File.Exists(defaultPath))
        {
            return defaultPath;
        }

        var besideProgram = Path.Combine(AppContext.BaseDirectory, defaultPath);
        return File.Exists(besideProgram) ? besideProgram : null;
    }

    private static Option<int> CreateDrainTimeout()
    {
        var option = new Option<int>("--drain-timeout")
        {
            Description = "Seconds that requests and the scan round in flight get to finish after SIGINT or SIGTERM; past them they are cut off and the exit code is 1",
            DefaultValueFactory = _ => Hosting.ServiceLifecycle.DefaultDrainSeconds,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 3600)
            {
                result.AddError("--drain-timeout must be between 0 and 3600 seconds.");
            }
        });
        return option;
    }
}
