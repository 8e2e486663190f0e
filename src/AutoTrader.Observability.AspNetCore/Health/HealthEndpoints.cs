using System.Diagnostics;
using AutoTrader.Observability.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AutoTrader.Observability.AspNetCore.Health;

/// <summary>
/// The liveness and readiness endpoints: <c>health.liveness_endpoint</c> (<c>/alive</c>: runs no
/// check, 200 while the process answers) and <c>health.endpoint</c> (<c>/health</c>: the
/// <c>listeners</c> check, then every check registered with <c>AddHealthChecks()</c>, one JSON
/// entry each; 200 when healthy or degraded, 503 when unhealthy). They answer any method and are
/// never cached, as <c>MapHealthChecks</c>'s are.
/// </summary>
/// <remarks>
/// The <c>listeners</c> check is run here rather than registered, so that the application needs
/// no call of its own for it; the application's checks stay ordinary ASP.NET Core health checks.
/// </remarks>
internal static class HealthEndpoints
{
    /// <summary>The name of the check that the server listens.</summary>
    public const string ListenersCheck = "listeners";

    public static void Map(IEndpointRouteBuilder endpoints, ObservabilityOptions options)
    {
        var services = endpoints.ServiceProvider;
        var writer = new HealthResponseWriter(options.ServiceName, options.Version);
        var listeners = new ListenersHealthCheck(services.GetRequiredService<IServer>(), services.GetRequiredService<IHostApplicationLifetime>());
        endpoints.Map(options.Health.LivenessEndpoint, context => WriteAsync(context, new HealthReport(new Dictionary<string, HealthReportEntry>(), TimeSpan.Zero), writer))
            .WithDisplayName("AutoTrader liveness");
        endpoints.Map(options.Health.Endpoint, async context => await WriteAsync(context, await CheckAsync(context, listeners).ConfigureAwait(false), writer).ConfigureAwait(false))
            .WithDisplayName("AutoTrader health");
    }

    private static async Task<HealthReport> CheckAsync(HttpContext context, ListenersHealthCheck listeners)
    {
        var started = Stopwatch.GetTimestamp();
        var listening = await listeners.CheckHealthAsync(new HealthCheckContext(), context.RequestAborted).ConfigureAwait(false);
        var entries = new Dictionary<string, HealthReportEntry>(StringComparer.OrdinalIgnoreCase)
        {
            [ListenersCheck] = new(listening.Status, listening.Description, Stopwatch.GetElapsedTime(started), listening.Exception, listening.Data),
        };
        if (context.RequestServices.GetService<HealthCheckService>() is { } registered)
        {
            foreach (var (name, entry) in (await registered.CheckHealthAsync(context.RequestAborted).ConfigureAwait(false)).Entries)
            {
                entries[name] = entry;
            }
        }

        return new HealthReport(entries, Stopwatch.GetElapsedTime(started));
    }

    private static Task WriteAsync(HttpContext context, HealthReport report, HealthResponseWriter writer)
    {
        var response = context.Response;
        response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        response.Headers.CacheControl = "no-store, no-cache";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "Thu, 01 Jan 1970 00:00:00 GMT";
        return writer.WriteAsync(context, report);
    }
}
