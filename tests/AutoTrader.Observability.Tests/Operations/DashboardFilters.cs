using System.Text.RegularExpressions;

namespace AutoTrader.Observability.Tests.Operations;

/// <summary>
/// The dashboard's <c>site</c> and <c>instance</c> variables, which its queries use as the last
/// matchers of a selector: <c>{status="success", site=~"$site"}</c>.
/// </summary>
internal static partial class DashboardFilters
{
    /// <summary>The query as it reads without the variables' matchers: what it runs with every site and replica selected.</summary>
    public static string Remove(string expr) => EmptySelector().Replace(Matcher().Replace(expr, string.Empty), string.Empty);

    /// <summary>True when the query filters on <paramref name="variable"/>.</summary>
    public static bool Uses(string expr, string variable) => expr.Contains($"{variable}=~\"${variable}\"", StringComparison.Ordinal);

    [GeneratedRegex(@"(?:, )?(?:site=~""\$site""|instance=~""\$instance"")")]
    private static partial Regex Matcher();

    [GeneratedRegex(@"\{\}")]
    private static partial Regex EmptySelector();
}
