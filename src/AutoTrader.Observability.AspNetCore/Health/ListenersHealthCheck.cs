using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AutoTrader.Observability.AspNetCore.Health;

/// <summary>
/// Healthy once the host has started and the server listens; unhealthy while it starts and, so that
/// a load balancer stops sending requests, from the moment it begins to stop.
/// </summary>
internal sealed class ListenersHealthCheck(IServer server, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("stopping: finishing the requests in flight"));
        }

        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("starting"));
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        return Task.FromResult(addresses is { Count: > 0 }
            ? HealthCheckResult.Healthy("listening on " + string.Join(", ", addresses))
            : HealthCheckResult.Unhealthy("no listener is bound"));
    }
}
