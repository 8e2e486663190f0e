using AutoTrader.Observability.Metrics;
using AutoTrader.Scanner.Configuration;
using AutoTrader.Scanner.Health;
using AutoTrader.Scanner.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace AutoTrader.Scanner.Tests;

public sealed class HealthCheckTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch.AddDays(20000));
    private readonly ScannerOptions _options = new() { ScanIntervalSeconds = 10 };

    [Fact]
    public async Task The_scan_loop_is_healthy_until_three_intervals_pass_without_a_round()
    {
        var heartbeat = new ScanLoopHeartbeat(_clock);
        var check = new ScanLoopHealthCheck(heartbeat, _options, _clock);

        Assert.Equal(HealthStatus.Healthy, await StatusAsync(check)); // not started yet: the host is starting
        heartbeat.Started();
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(HealthStatus.Healthy, await StatusAsync(check));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HealthStatus.Unhealthy, await StatusAsync(check)); // 31 s and no first round

        heartbeat.RoundCompleted();
        Assert.Equal(HealthStatus.Healthy, await StatusAsync(check));
        _clock.Advance(TimeSpan.FromSeconds(31));
        var stalled = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, stalled.Status);
        Assert.Equal("last round completed 31.0 s ago; a round is due every 10 s", stalled.Description);
    }

    [Theory]
    [InlineData(CircuitBreakerState.Closed, HealthStatus.Healthy)]
    [InlineData(CircuitBreakerState.Open, HealthStatus.Degraded)]
    [InlineData(CircuitBreakerState.HalfOpen, HealthStatus.Degraded)]
    public async Task A_breaker_that_is_not_closed_degrades_the_replica_without_failing_it(CircuitBreakerState state, HealthStatus expected)
    {
        var breaker = new Breaker(state);

        Assert.Equal(expected, await StatusAsync(new SourceBreakerHealthCheck(breaker)));
        Assert.Equal("circuit_breaker:binance/orderbook", SourceBreakerHealthCheck.NameOf(breaker));
    }

    private static async Task<HealthStatus> StatusAsync(IHealthCheck check) => (await check.CheckHealthAsync(new HealthCheckContext())).Status;

    private sealed class Breaker(CircuitBreakerState state) : ISourceBreaker
    {
        public string Source => "binance";

        public string Endpoint => "/orderbook";

        public CircuitBreakerState BreakerState => state;
    }
}
