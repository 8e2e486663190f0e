using System.CommandLine;
using AutoTrader.Observability.Configuration;

namespace AutoTrader.Cli;

/// <summary>The options every command takes, and how they become validated configuration.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Config = new("--config")
    {
        Description = $"Configuration file (default: {ObservabilityConfiguration.DefaultPath}, looked for in the working directory, then next to the program)",
        Recursive = true,
    };

    public static readonly Option<string?> LogLevel = new("--log-level")
    {
        Description = "Minimum log level: DEBUG, INFO, WARNING, ERROR or CRITICAL (overrides the file and LOG_LEVEL)",
        Recursive = true,
    };

    /// <summary>Loads the configuration the command line names; throws <see cref="ObservabilityConfigurationException"/> when it is invalid.</summary>
    public static ObservabilityOptions Load(ParseResult parse, params IEnumerable<ConfigurationOverride> extra)
    {
        var overrides = new List<ConfigurationOverride>();
        if (parse.GetValue(LogLevel) is { } level)
        {
            overrides.Add(new ConfigurationOverride("observability:logging:level", level, "--log-level"));
        }

        overrides.AddRange(extra);
        return ObservabilityConfiguration.Load(ResolveConfigPath(parse.GetValue(Config)), overrides: overrides);
    }

    /// <summary>
    /// An explicit path must exist. Without one, the default file is taken from the working
    /// directory or from beside the program; with neither, the built-in defaults apply.
    /// </summary>
    public static string? ResolveConfigPath(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return explicitPath;
        }

        foreach (var directory in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var candidate = Path.Combine(directory, ObservabilityConfiguration.DefaultPath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
