using AutoTrader.Scanner.Health;
using AutoTrader.Scanner.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

#pragma warning disable IDE0130 // In the DI namespace, as Microsoft's own AddCheck extensions are, so callers need no extra using.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>The scanner's health checks.</summary>
public static class ScannerHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds <c>scan_loop</c> (unhealthy when the background scans stall; needs
    /// <c>AddAutoTraderScanLoop</c>) and one <c>circuit_breaker:{source}{endpoint}</c> check per
    /// source endpoint (degraded while its breaker is not closed; needs <c>AddAutoTraderScanner</c>).
    /// </summary>
    public static IHealthChecksBuilder AddAutoTraderScannerChecks(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddCheck<ScanLoopHealthCheck>("scan_loop");

        // One registration per breaker; their names come from the sources, known once they are built.
        builder.Services.AddOptions<HealthCheckServiceOptions>().Configure<IEnumerable<ISourceBreaker>>((options, breakers) =>
        {
            foreach (var breaker in breakers)
            {
                options.Registrations.Add(new HealthCheckRegistration(SourceBreakerHealthCheck.NameOf(breaker), new SourceBreakerHealthCheck(breaker), HealthStatus.Degraded, tags: null));
            }
        });
        return builder;
    }
}
