using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AutoTrader.Observability.AspNetCore;

/// <summary>
/// A request's route template (<c>/api/tokens/{symbol}</c>): what the metrics label, the access
/// line and the span name carry instead of the raw path, so that no request adds a series of its
/// own nor puts user input in telemetry.
/// </summary>
internal static class RouteTemplates
{
    /// <summary>The <c>endpoint</c> label and <c>route</c> field of a request that matched no route.</summary>
    public const string Unmatched = "unmatched";

    /// <summary>The template of <paramref name="endpoint"/>; null when it is not a routed endpoint (or none matched).</summary>
    public static string? Of(Endpoint? endpoint) => (endpoint as RouteEndpoint)?.RoutePattern.RawText;
}
