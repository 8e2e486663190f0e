using AutoTrader.Observability.AspNetCore.Health;
using AutoTrader.Observability.Configuration;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

#pragma warning disable IDE0130 // In ASP.NET Core's namespace, as MapHealthChecks is, so callers need no extra using.
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>The liveness and readiness endpoints, on ASP.NET Core health checks.</summary>
public static class HealthEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Adds the <c>listeners</c> check: healthy once the server listens, unhealthy while it starts
    /// or stops.
    /// </summary>
    public static IHealthChecksBuilder AddListenersCheck(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<ListenersHealthCheck>("listeners");
    }

    /// <summary>
    /// Maps <c>health.liveness_endpoint</c> (<c>/alive</c>: runs no check, 200 while the process
    /// answers) and <c>health.endpoint</c> (<c>/health</c>: every registered check, one JSON entry
    /// each; 200 when healthy or degraded, 503 when unhealthy). Needs <c>AddHealthChecks()</c>.
    /// </summary>
    /// <returns>Both endpoints, to add conventions to (such as <c>RequireLocalPort</c>).</returns>
    public static IEndpointConventionBuilder MapAutoTraderHealth(this IEndpointRouteBuilder endpoints, ObservabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(options);
        var writer = new HealthResponseWriter(options.ServiceName, options.Version);
        var group = endpoints.MapGroup("");
        group.MapHealthChecks(options.Health.LivenessEndpoint, new HealthCheckOptions
        {
            Predicate = static _ => false,
            ResponseWriter = writer.WriteAsync,
        }).WithDisplayName("AutoTrader liveness");
        group.MapHealthChecks(options.Health.Endpoint, new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = writer.WriteAsync,
        }).WithDisplayName("AutoTrader health");
        return group;
    }
}
