using AutoTrader.Observability.Configuration;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.AspNetCore.Tracing;

/// <summary>Tracing of the HTTP API: a span per request, continuing the caller's W3C trace.</summary>
public static class AutoTraderWebTracingExtensions
{
    /// <summary>
    /// Adds ASP.NET Core request spans, which take the trace id and parent of an incoming W3C
    /// <c>traceparent</c> header. Scrapes of the metrics path and health checks are not traced.
    /// Use it in the <c>configure</c> argument of <c>AddAutoTraderTracing</c>:
    /// <c>services.AddAutoTraderTracing(options, t =&gt; t.AddAutoTraderWebInstrumentation(options))</c>.
    /// </summary>
    public static TracerProviderBuilder AddAutoTraderWebInstrumentation(this TracerProviderBuilder builder, ObservabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PathString[] untraced = [options.Metrics.Path, options.Health.Endpoint];
        return builder.AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsUntraced(context.Request.Path, untraced));
    }

    private static bool IsUntraced(PathString path, PathString[] untraced)
    {
        foreach (var prefix in untraced)
        {
            if (path.StartsWithSegments(prefix))
            {
                return true;
            }
        }

        return false;
    }
}
