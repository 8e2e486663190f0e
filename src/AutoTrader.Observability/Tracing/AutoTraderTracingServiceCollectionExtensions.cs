using AutoTrader.Observability.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.Tracing;

/// <summary>Registers AutoTrader tracing with a host.</summary>
public static class AutoTraderTracingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the OpenTelemetry tracer provider described by <c>observability.tracing</c> and
    /// <c>observability.performance</c>: the <see cref="AutoTraderTracing.SourceName"/> source, the
    /// configured sampler and exporters, and the service resource. The host disposes the provider
    /// on a graceful stop, which flushes pending spans.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="options">Validated options.</param>
    /// <param name="configure">More sources or instrumentation, for instance ASP.NET Core and HttpClient.</param>
    public static IServiceCollection AddAutoTraderTracing(this IServiceCollection services, ObservabilityOptions options, Action<TracerProviderBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddOpenTelemetry().WithTracing(builder =>
        {
            TracerProviderConfiguration.Apply(builder, options);
            configure?.Invoke(builder);
        });
        return services;
    }
}
