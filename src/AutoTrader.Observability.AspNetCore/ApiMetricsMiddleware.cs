using System.Diagnostics;
using System.Runtime.CompilerServices;
using AutoTrader.Observability.Metrics;
using Microsoft.AspNetCore.Http;

namespace AutoTrader.Observability.AspNetCore;

/// <summary>
/// Records the guide's API metrics for every request: <c>active_api_requests</c> while it runs,
/// then <c>api_requests_total</c>, <c>api_request_duration_seconds</c> and, for exceptions and
/// 4xx/5xx answers, <c>api_errors_total</c>. The <c>endpoint</c> label is the route template
/// (<c>/api/tokens/{symbol}</c>), never the raw path, and unknown methods are folded into
/// <c>OTHER</c>, so that no request can add series of its own.
/// </summary>
/// <remarks>
/// The series of each route and method are resolved on its first request and kept with its
/// <see cref="Endpoint"/> (held weakly, so that endpoints a data source replaces are let go): a
/// request then costs no label-set lookups in the cardinality guard.
/// </remarks>
internal sealed class ApiMetricsMiddleware(RequestDelegate next, AutoTraderMetrics metrics, PathString[] excludedPaths)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "OTHER"];

    private readonly ConditionalWeakTable<Endpoint, EndpointSeries> _byEndpoint = [];
    private readonly EndpointSeries _unmatched = new(null);

    /// <summary>The last endpoint's series: one reference comparison where a run of requests hits one route.</summary>
    private EndpointSeries? _last;

    public async Task InvokeAsync(HttpContext context)
    {
        if (PathPrefixes.Match(context.Request.Path, excludedPaths))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var series = SeriesOf(context.GetEndpoint(), context.Request.Method);
        var started = Stopwatch.GetTimestamp();
        using (series.TrackActiveRequest())
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                series.RecordRequest(StatusCodes.Status500InternalServerError, Stopwatch.GetElapsedTime(started).TotalSeconds);
                series.RecordError(e.GetType().Name);
                throw;
            }
        }

        var status = context.Response.StatusCode;
        series.RecordRequest(status, Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (status >= 400)
        {
            series.RecordError(status >= 500 ? "server_error" : "client_error");
        }
    }

    private ApiEndpointMetrics SeriesOf(Endpoint? endpoint, string method)
    {
        var series = _last;
        if (series is null || series.Endpoint != endpoint)
        {
            series = endpoint is null ? _unmatched : _byEndpoint.GetValue(endpoint, static e => new EndpointSeries(e));
            _last = series;
        }

        var index = MethodIndex(method);

        // Two first requests at once may each resolve the series: both find the same ones.
        return series.ByMethod[index] ??= metrics.ForApiEndpoint(Methods[index], RouteTemplates.Of(endpoint) ?? RouteTemplates.Unmatched);
    }

    /// <summary>An endpoint's series, by index in <see cref="Methods"/>, resolved on first use.</summary>
    private sealed class EndpointSeries(Endpoint? endpoint)
    {
        public Endpoint? Endpoint { get; } = endpoint;

        public ApiEndpointMetrics?[] ByMethod { get; } = new ApiEndpointMetrics?[Methods.Length];
    }

    /// <summary>The index in <see cref="Methods"/>: unknown methods fold into <c>OTHER</c>, so that no request can add series of its own.</summary>
    private static int MethodIndex(string method) => method switch
    {
        "GET" => 0,
        "POST" => 1,
        "PUT" => 2,
        "DELETE" => 3,
        "PATCH" => 4,
        "HEAD" => 5,
        "OPTIONS" => 6,
        _ => 7,
    };
}
