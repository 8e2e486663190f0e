using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Logging;

/// <summary>The guide's level names and their <see cref="LogLevel"/>.</summary>
internal static class LogLevelNames
{
    /// <summary>The accepted level names, lowest first.</summary>
    public static readonly IReadOnlyList<string> All = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];

    /// <summary>Parses DEBUG, INFO, WARNING, ERROR or CRITICAL, in any case.</summary>
    public static bool TryParse(string? name, out LogLevel level)
    {
        level = name?.ToUpperInvariant() switch
        {
            "DEBUG" => LogLevel.Debug,
            "INFO" => LogLevel.Information,
            "WARNING" => LogLevel.Warning,
            "ERROR" => LogLevel.Error,
            "CRITICAL" => LogLevel.Critical,
            _ => LogLevel.None,
        };
        return level != LogLevel.None;
    }

    /// <summary>Parses a level name that validation has already accepted.</summary>
    public static LogLevel Parse(string name) =>
        TryParse(name, out var level) ? level : throw new ArgumentException($"unknown log level '{name}'; allowed: {string.Join(", ", All)}", nameof(name));

    /// <summary>The name written on a log line; trace is written as DEBUG.</summary>
    public static string NameOf(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        _ => "CRITICAL",
    };
}
