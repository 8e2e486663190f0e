using System.Diagnostics;
using AutoTrader.Observability.Tracing;
using Microsoft.AspNetCore.Http;

namespace AutoTrader.Observability.AspNetCore.Tracing;

/// <summary>
/// The HTTP server span of a request: sampled before any span work, named <c>{method} {route}</c>
/// and given the semantic-convention attributes once the request is done. The client-written ones
/// (<c>url.path</c>, <c>url.query</c>, <c>user_agent.original</c>) pass through the redaction
/// of every span (<c>RedactingSpanProcessor</c>) before any exporter sees them. Every request, sampled
/// or not, runs under an activity carrying its W3C trace id: the caller's, or a fresh one.
/// </summary>
/// <remarks>
/// ASP.NET Core can start a request activity itself (source <c>Microsoft.AspNetCore</c>), but only
/// a listener's sampler decides on it, and the OpenTelemetry SDK answers a dropped root with an
/// unrecorded, propagation-only activity made through the whole listener path (docs/PERFORMANCE.md).
/// Here a request with no caller's <c>traceparent</c> is sampled first and, when dropped, runs under
/// a stand-in: an activity no source or listener sees, with a fresh trace id and the sampled flag
/// off. Its log lines carry that trace id (the access line also says <c>trace_sampled: false</c>),
/// its outgoing calls pass it on in a <c>traceparent</c> that says "not sampled", and
/// the tracer provider's sampler (<see cref="ServerRequestSampling"/>) drops the spans started under it. A request that continues a
/// caller's trace follows the caller's sampled flag. OpenTelemetry's ASP.NET Core instrumentation
/// is not used either: it adds the attributes through a DiagnosticListener subscription that runs
/// on every request, sampled or not.
/// </remarks>
internal sealed class RequestSpanMiddleware(RequestDelegate next, PathString[] untracedPaths, ServerRequestSampling sampling)
{
    /// <summary>The activity source of the request spans.</summary>
    public const string SourceName = ServerRequestSampling.HttpServerSourceName;

    private const string OperationName = "http.server.request";

    private static readonly ActivitySource Source = new(SourceName);

    public Task InvokeAsync(HttpContext context)
    {
        if (PathPrefixes.Match(context.Request.Path, untracedPaths))
        {
            return next(context);
        }

        var caller = CallerContext(context.Request.Headers);
        return caller == default && !sampling.SampleRoot() ? UntracedAsync(context) : TracedAsync(context, caller);
    }

    private async Task UntracedAsync(HttpContext context)
    {
        // For this request's flow only: an async method restores its caller's Activity.Current when
        // it returns, so the stand-in is never stopped (nothing records it, and stopping would only
        // read the clock and set Activity.Current once more).
        Activity.Current = null;
        new Activity(OperationName) { IsAllDataRequested = false }.Start();
        await next(context).ConfigureAwait(false);
    }

    private async Task TracedAsync(HttpContext context, ActivityContext caller)
    {
        // ASP.NET Core starts an activity of its own when its hosting diagnostics log or a
        // DiagnosticListener is on; the span's parent is the caller, not that activity.
        Activity.Current = null;
        using var activity = caller == default
            ? ServerRequestSampling.StartSampledRoot(Source, OperationName)
            : Source.StartActivity(OperationName, ActivityKind.Server, caller);
        if (activity is null || !activity.IsAllDataRequested)
        {
            // A caller's unsampled trace: the propagation-only activity carries its id on to outgoing calls.
            await next(context).ConfigureAwait(false);
            return;
        }

        AddBaggage(activity, context.Request.Headers);
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

    private static ActivityContext CallerContext(IHeaderDictionary headers)
    {
        DistributedContextPropagator.Current.ExtractTraceIdAndState(headers, ReadHeader, out var traceParent, out var traceState);
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var caller) ? caller : default;
    }

    private static void AddBaggage(Activity activity, IHeaderDictionary headers)
    {
        if (DistributedContextPropagator.Current.ExtractBaggage(headers, ReadHeader) is { } baggage)
        {
            foreach (var (key, value) in baggage)
            {
                activity.AddBaggage(key, value);
            }
        }
    }

    private static void ReadHeader(object? carrier, string name, out string? value, out IEnumerable<string>? values)
    {
        values = null;
        value = ((IHeaderDictionary)carrier!)[name];
    }

    private static void Describe(Activity activity, HttpContext context, int status, string? errorType)
    {
        var request = context.Request;
        var method = KnownMethod(request.Method);
        var route = RouteTemplates.Of(context.GetEndpoint());
        activity.DisplayName = route is null ? method : $"{method} {route}";
        activity.SetTag("http.request.method", method);
        if (method == "_OTHER")
        {
            activity.SetTag("http.request.method_original", request.Method);
        }

        activity.SetTag("url.scheme", request.Scheme);
        activity.SetTag("url.path", request.Path.Value);
        if (request.QueryString is { HasValue: true } query)
        {
            activity.SetTag("url.query", query.Value![1..]);
        }
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
