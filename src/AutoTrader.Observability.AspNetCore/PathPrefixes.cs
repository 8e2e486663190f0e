using Microsoft.AspNetCore.Http;

namespace AutoTrader.Observability.AspNetCore;

/// <summary>The paths a middleware leaves alone, such as the scrape path and the health check.</summary>
internal static class PathPrefixes
{
    /// <summary>True when <paramref name="path"/> is one of <paramref name="prefixes"/> or below it (case-insensitive, whole segments).</summary>
    public static bool Match(PathString path, PathString[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
