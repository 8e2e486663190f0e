using System.Text.RegularExpressions;

namespace AutoTrader.Observability.Tests.Operations;

/// <summary>
/// The metric names a PromQL expression selects. Not a PromQL parser: it drops string literals,
/// label matchers, range selectors and grouping clauses, then keeps identifiers that are not
/// function calls, keywords or numbers — enough for the shipped rules and dashboard.
/// </summary>
internal static partial class PromQlMetricNames
{
    private static readonly HashSet<string> Keywords = ["by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan"];

    public static IEnumerable<string> In(string expr)
    {
        var stripped = Strings().Replace(expr, " ");
        stripped = Matchers().Replace(stripped, " ");
        stripped = Ranges().Replace(stripped, " ");
        stripped = Grouping().Replace(stripped, " ");
        return Identifiers().Matches(stripped).Select(m => m.Groups[1].Value)
            .Where(name => !Keywords.Contains(name.ToLowerInvariant()) && !char.IsDigit(name[0]))
            .Distinct();
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"([a-zA-Z_:][a-zA-Z0-9_:]*)(?!\s*\(|[a-zA-Z0-9_:])")]
    private static partial Regex Identifiers();
}
