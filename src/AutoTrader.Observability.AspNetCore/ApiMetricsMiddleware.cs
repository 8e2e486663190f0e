using System.Diagnostics;
using AutoTrader.Observability.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AutoTrader.Observability.AspNetCore;

/// <summary>
/// Records the guide's API metrics for every request: <c>active_api_requests</c> while it runs,
/// then <c>api_requests_total</c>, <c>api_request_duration_seconds</c> and, for exceptions and
/// 4xx/5xx answers, <c>api_errors_total</c>. The <c>endpoint</c> label is the route template
/// (<c>/api/tokens/{symbol}</c>), never the raw path, and unknown methods are folded into
/// <c>OTHER</c>, so that no request can add series of its own.
/// </summary>
internal sealed class ApiMetricsMiddleware(RequestDelegate next, AutoTraderMetrics metrics, ApiMetricsOptions options)
{
    private readonly PathString[] _excludedPaths = [.. options.ExcludedPaths.Select(p => new PathString(p))];

    /// <summary>The <c>endpoint</c> label of a request that matched no route.</summary>
    public const string Unmatched = "unmatched";

    public async Task InvokeAsync(HttpContext context)
    {
        if (PathPrefixes.Match(context.Request.Path, _excludedPaths))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var method = Method(context.Request.Method);
        var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? Unmatched;
        var started = Stopwatch.GetTimestamp();
        using (metrics.TrackActiveRequest(method, endpoint))
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Record(method, endpoint, StatusCodes.Status500InternalServerError, started);
                metrics.RecordApiError(method, endpoint, e.GetType().Name);
                throw;
            }
        }

        var status = context.Response.StatusCode;
        Record(method, endpoint, status, started);
        if (status >= 400)
        {
            metrics.RecordApiError(method, endpoint, status >= 500 ? "server_error" : "client_error");
        }
    }

    private void Record(string method, string endpoint, int status, long started)
    {
        metrics.RecordApiRequest(method, endpoint, status);
        metrics.RecordApiDuration(method, endpoint, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static string Method(string method) => method switch
    {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        _ => "OTHER",
    };
}

/// <summary>Which requests the API metrics leave out.</summary>
public sealed class ApiMetricsOptions
{
    /// <summary>Path prefixes not recorded, such as the scrape endpoint. Default value: <c>/metrics</c>.</summary>
    public IList<string> ExcludedPaths { get; } = ["/metrics"];
}
