using AutoTrader.Observability.Metrics;
using AutoTrader.Scanner.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AutoTrader.Scanner.Health;

/// <summary>
/// Degraded while a source's circuit breaker is open or half-open. Not unhealthy: the replica still
/// serves cached and stored results and scans on the other source, and every replica shares the
/// upstream, so taking this one out of rotation would help nobody.
/// </summary>
internal sealed class SourceBreakerHealthCheck(ISourceBreaker breaker) : IHealthCheck
{
    /// <summary>The check's name for <paramref name="breaker"/>, such as <c>circuit_breaker:coingecko/coins/markets</c>.</summary>
    public static string NameOf(ISourceBreaker breaker) => $"circuit_breaker:{breaker.Source}{breaker.Endpoint}";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(breaker.BreakerState switch
        {
            CircuitBreakerState.Closed => HealthCheckResult.Healthy("closed"),
            CircuitBreakerState.Open => HealthCheckResult.Degraded("open: calls are rejected until a trial call succeeds"),
            _ => HealthCheckResult.Degraded("half-open: a trial call decides"),
        });
}
