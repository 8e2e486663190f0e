using Microsoft.AspNetCore.Http;

namespace AutoTrader.Observability.AspNetCore;

/// <summary>
/// Answers every connection that arrived on the metrics port: the scrape at the metrics path,
/// 404 for anything else, so that the API does not exist there; on the other ports the scrape
/// path is not mapped at all. The connection's local port decides, never the <c>Host</c> header,
/// which any client sets as it likes and a reverse proxy rewrites.
/// </summary>
internal sealed class MetricsPortMiddleware(RequestDelegate next, int port, PathString path, RequestDelegate scrape)
{
    private static readonly string Allowed = string.Join(", ", ScrapeEndpoint.Methods);

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Connection.LocalPort != port)
        {
            return next(context);
        }

        // As routing matches the template: case-insensitive, with or without a trailing slash.
        if (!context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase, out var rest) || rest.Value is not (null or "" or "/"))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = Allowed;
            return Task.CompletedTask;
        }

        return scrape(context);
    }
}
