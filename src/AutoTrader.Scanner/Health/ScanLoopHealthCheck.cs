using System.Globalization;
using AutoTrader.Scanner.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AutoTrader.Scanner.Health;

/// <summary>
/// Unhealthy when the background scan loop has not completed a round for three scan intervals
/// (counted from its start until its first round): the replica then serves ever older results.
/// </summary>
internal sealed class ScanLoopHealthCheck(ScanLoopHeartbeat heartbeat, ScannerOptions options, TimeProvider time) : IHealthCheck
{
    /// <summary>Intervals without a completed round after which the loop counts as stalled.</summary>
    public const int StalledAfterIntervals = 3;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var interval = TimeSpan.FromSeconds(options.ScanIntervalSeconds);
        var last = heartbeat.LastRoundCompletedAt;
        if ((last ?? heartbeat.StartedAt) is not { } since)
        {
            return Task.FromResult(HealthCheckResult.Healthy("the loop starts once the listeners are bound"));
        }

        var age = time.GetUtcNow() - since;
        var seconds = age.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
        var expected = interval.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        if (age > StalledAfterIntervals * interval)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(last is null
                ? $"no round completed {seconds} s after the loop started; a round is due every {expected} s"
                : $"last round completed {seconds} s ago; a round is due every {expected} s"));
        }

        return Task.FromResult(HealthCheckResult.Healthy(last is null ? "first round in progress" : $"last round completed {seconds} s ago"));
    }
}
