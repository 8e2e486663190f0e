using AutoTrader.Observability.AspNetCore;
using Microsoft.AspNetCore.Http;

#pragma warning disable IDE0130 // In ASP.NET Core's namespace, as UseRouting is, so callers need no extra using.
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>Adds the access log.</summary>
public static class RequestLoggingApplicationBuilderExtensions
{
    /// <summary>
    /// Writes one JSON <c>http_request</c> line per request at INFO (<c>method</c>, <c>route</c>,
    /// <c>status_code</c>, <c>duration_seconds</c>, and with tracing on <c>trace_sampled</c> beside
    /// the request's <c>trace_id</c>) through the application's loggers; call it after
    /// <c>UseRouting</c> so that the route template is known.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <param name="excludedPaths">Path prefixes not logged, such as the scrape path; default <c>/metrics</c>.</param>
    public static IApplicationBuilder UseAutoTraderRequestLogging(this IApplicationBuilder app, params string[] excludedPaths)
    {
        PathString[] excluded = excludedPaths.Length > 0 ? [.. excludedPaths.Select(p => new PathString(p))] : [new PathString("/metrics")];
        return app.UseMiddleware<RequestLoggingMiddleware>(excluded);
    }
}
