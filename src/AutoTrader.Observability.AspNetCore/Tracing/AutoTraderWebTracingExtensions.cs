using AutoTrader.Observability.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.AspNetCore.Tracing;

/// <summary>Tracing of the HTTP API: a span per request, continuing the caller's W3C trace.</summary>
public static class AutoTraderWebTracingExtensions
{
    /// <summary>The activity source ASP.NET Core starts its request activities from.</summary>
    internal const string AspNetCoreActivitySource = "Microsoft.AspNetCore";

    /// <summary>
    /// Adds ASP.NET Core request spans, which take the trace id and parent of an incoming W3C
    /// <c>traceparent</c> header, named <c>{method} {route}</c> with the HTTP semantic-convention
    /// attributes. Scrapes of the metrics path and health checks are not traced. Use it in the
    /// <c>configure</c> argument of <c>AddAutoTraderTracing</c>:
    /// <c>services.AddAutoTraderTracing(options, t =&gt; t.AddAutoTraderWebInstrumentation(options))</c>.
    /// </summary>
    public static TracerProviderBuilder AddAutoTraderWebInstrumentation(this TracerProviderBuilder builder, ObservabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PathString[] untraced = [options.Metrics.Path, options.Health.Endpoint];
        return builder
            .AddSource(AspNetCoreActivitySource)
            .ConfigureServices(services => services.AddSingleton<IStartupFilter>(new RequestSpanStartupFilter(untraced)));
    }

    /// <summary>Puts <see cref="RequestSpanMiddleware"/> first in the pipeline, so that it sees every request.</summary>
    private sealed class RequestSpanStartupFilter(PathString[] untraced) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<RequestSpanMiddleware>([untraced]);
            next(app);
        };
    }
}
