using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace AutoTrader.Observability.AspNetCore.Tracing;

/// <summary>
/// Turns ASP.NET Core's own request activity into an OpenTelemetry HTTP server span: the name
/// <c>{method} {route}</c> and the semantic-convention attributes, set once the request is done.
/// </summary>
/// <remarks>
/// ASP.NET Core 10 starts the activity itself (source <c>Microsoft.AspNetCore</c>, continuing an
/// incoming <c>traceparent</c>) but leaves its attributes to instrumentation; native attributes
/// come in .NET 11. OpenTelemetry's ASP.NET Core instrumentation adds them through a
/// DiagnosticListener subscription that runs on every request, sampled or not: measured under
/// load, that was about 3% of the service's CPU. Here an unsampled request costs one flag check.
/// </remarks>
internal sealed class RequestSpanMiddleware(RequestDelegate next, PathString[] untracedPaths)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        if (activity is null || !activity.IsAllDataRequested)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (PathPrefixes.Match(context.Request.Path, untracedPaths))
        {
            // As OpenTelemetry's own filter does: the span is neither recorded nor exported.
            activity.IsAllDataRequested = false;
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            await next(context).ConfigureAwait(false);
            return;
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Describe(activity, context, StatusCodes.Status500InternalServerError, e.GetType().FullName);
            throw;
        }

        Describe(activity, context, context.Response.StatusCode, errorType: null);
    }

    private static void Describe(Activity activity, HttpContext context, int status, string? errorType)
    {
        var request = context.Request;
        var method = KnownMethod(request.Method);
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        activity.DisplayName = route is null ? method : $"{method} {route}";
        activity.SetTag("http.request.method", method);
        if (method == "_OTHER")
        {
            activity.SetTag("http.request.method_original", request.Method);
        }

        activity.SetTag("url.scheme", request.Scheme);
        activity.SetTag("url.path", request.Path.Value);
        activity.SetTag("server.address", request.Host.Host);
        if (request.Host.Port is { } port)
        {
            activity.SetTag("server.port", port);
        }

        activity.SetTag("network.protocol.version", ProtocolVersion(request.Protocol));
        if (request.Headers.UserAgent is { Count: > 0 } userAgent)
        {
            activity.SetTag("user_agent.original", userAgent.ToString());
        }

        if (route is not null)
        {
            activity.SetTag("http.route", route);
        }

        activity.SetTag("http.response.status_code", status);
        if (errorType is null && status >= 500)
        {
            errorType = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (errorType is not null)
        {
            activity.SetTag("error.type", errorType);
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    private static string KnownMethod(string method) => method switch
    {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        "CONNECT" => "CONNECT",
        "TRACE" => "TRACE",
        _ => "_OTHER",
    };

    private static string ProtocolVersion(string protocol) => protocol switch
    {
        "HTTP/1.1" => "1.1",
        "HTTP/2" => "2",
        "HTTP/3" => "3",
        "HTTP/1.0" => "1.0",
        _ => protocol,
    };
}
