using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tracing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.AspNetCore.Tracing;

/// <summary>Tracing of the HTTP API: a span per sampled request, continuing the caller's W3C trace.</summary>
public static class AutoTraderWebTracingExtensions
{
    /// <summary>
    /// Adds HTTP server spans (source <c>AutoTrader.Observability.AspNetCore</c>), which take the
    /// trace id and parent of an incoming W3C <c>traceparent</c> header, named
    /// <c>{method} {route}</c> with the HTTP semantic-convention attributes. A request without a
    /// caller's trace is sampled before any span work, and one not sampled starts no span at all.
    /// Scrapes of the metrics path and the health and liveness probes are not traced. Use it in the
    /// <c>configure</c> argument of <c>AddAutoTraderTracing</c>:
    /// <c>services.AddAutoTraderTracing(options, t =&gt; t.AddAutoTraderWebInstrumentation(options))</c>.
    /// </summary>
    public static TracerProviderBuilder AddAutoTraderWebInstrumentation(this TracerProviderBuilder builder, ObservabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!TracerProviderConfiguration.RecordsAnything(options.Tracing))
        {
            return builder;
        }

        PathString[] untraced = [options.Metrics.Path, options.Health.Endpoint, options.Health.LivenessEndpoint];
        var rootProbability = TraceSamplers.RootProbability(options.Tracing);
        return builder
            .AddSource(RequestSpanMiddleware.SourceName)
            .ConfigureServices(services => services.AddSingleton<IStartupFilter>(new RequestSpanStartupFilter(untraced, rootProbability)));
    }

    /// <summary>Puts <see cref="RequestSpanMiddleware"/> first in the pipeline, so that it sees every request.</summary>
    private sealed class RequestSpanStartupFilter(PathString[] untraced, double rootProbability) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<RequestSpanMiddleware>(untraced, rootProbability);
            next(app);
        };
    }
}
