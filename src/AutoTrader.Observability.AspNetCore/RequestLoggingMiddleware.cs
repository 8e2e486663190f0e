using System.Diagnostics;
using AutoTrader.Observability.Logging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.AspNetCore;

/// <summary>
/// Writes one <c>http_request</c> access-log line per request at INFO: method, route template
/// (never the raw path, so that the line carries no user input), status code and duration, and,
/// when the request runs under a W3C activity (with tracing on, every request does), whether its
/// trace was sampled; the line's <c>trace_id</c> and <c>span_id</c> are that activity's.
/// </summary>
internal sealed class RequestLoggingMiddleware(RequestDelegate next, ILoggerFactory loggers, PathString[] excludedPaths)
{
    /// <summary>The logger name of the access log.</summary>
    public const string LoggerName = "AutoTrader.Http";

    private readonly ILogger _logger = loggers.CreateLogger(LoggerName);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!_logger.IsEnabled(LogLevel.Information) || PathPrefixes.Match(context.Request.Path, excludedPaths))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context).ConfigureAwait(false);
            status = context.Response.StatusCode;
        }
        finally
        {
            var method = ("method", context.Request.Method);
            var route = ("route", RouteTemplates.Of(context.GetEndpoint()) ?? RouteTemplates.Unmatched);
            var duration = ("duration_seconds", Stopwatch.GetElapsedTime(started).TotalSeconds);
            if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
            {
                _logger.Info("http_request", method, route, ("status_code", status), duration, (LogSchema.TraceSampled, activity.Recorded));
            }
            else
            {
                _logger.Info("http_request", method, route, ("status_code", status), duration);
            }
        }
    }
}
