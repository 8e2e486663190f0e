using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Configuration;

/// <summary>
/// The level names: the values <c>logging.level</c> accepts and the names a log line writes (the
/// line takes them from <c>LogSchema</c>, which encodes them once). Kept with the options, so that
/// validating the options needs nothing from the logging code.
/// </summary>
internal static class LogLevelNames
{
    private static readonly (string Name, LogLevel Level)[] Levels =
    [
        ("DEBUG", LogLevel.Debug), ("INFO", LogLevel.Information), ("WARNING", LogLevel.Warning),
        ("ERROR", LogLevel.Error), ("CRITICAL", LogLevel.Critical),
    ];

    /// <summary>The accepted level names, lowest first.</summary>
    public static readonly IReadOnlyList<string> All = [.. Levels.Select(l => l.Name)];

    /// <summary>Parses DEBUG, INFO, WARNING, ERROR or CRITICAL, in any case.</summary>
    public static bool TryParse(string? name, out LogLevel level)
    {
        var upper = name?.ToUpperInvariant();
        foreach (var (known, value) in Levels)
        {
            if (string.Equals(known, upper, StringComparison.Ordinal))
            {
                level = value;
                return true;
            }
        }

        level = LogLevel.None;
        return false;
    }

    /// <summary>Parses a level name that validation has already accepted.</summary>
    public static LogLevel Parse(string name) =>
        TryParse(name, out var level) ? level : throw new ArgumentException($"unknown log level '{name}'; allowed: {string.Join(", ", All)}", nameof(name));

    /// <summary>The name a line writes for <paramref name="level"/>: trace is written as DEBUG, and anything above critical as CRITICAL.</summary>
    public static string NameOf(LogLevel level) => Levels[Math.Clamp((int)level - 1, 0, Levels.Length - 1)].Name;
}
