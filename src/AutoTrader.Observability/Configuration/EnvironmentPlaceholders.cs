using System.Text.RegularExpressions;

namespace AutoTrader.Observability.Configuration;

/// <summary>
/// Expands <c>${NAME:default}</c> and <c>${NAME}</c> in configuration values, the form the
/// original configuration file used. No configuration provider does this, hence this class.
/// </summary>
internal static partial class EnvironmentPlaceholders
{
    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?<default>[^}]*))?\}")]
    private static partial Regex Placeholder();

    /// <summary>
    /// Replaces each placeholder by the variable's value, or its default when the variable is unset
    /// or empty. Returns false with the missing name when a variable has neither.
    /// </summary>
    public static bool TryExpand(string value, IReadOnlyDictionary<string, string> environment, out string expanded, out string? missing)
    {
        string? firstMissing = null;
        expanded = Placeholder().Replace(value, match =>
        {
            var name = match.Groups["name"].Value;
            if (environment.TryGetValue(name, out var set) && set.Length > 0)
            {
                return set;
            }

            if (match.Groups["default"].Success)
            {
                return match.Groups["default"].Value;
            }

            firstMissing ??= name;
            return match.Value;
        });
        missing = firstMissing;
        return missing is null;
    }
}
