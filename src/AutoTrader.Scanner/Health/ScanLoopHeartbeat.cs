namespace AutoTrader.Scanner.Health;

/// <summary>When the background scan loop started and last completed a round, for its health check.</summary>
/// <param name="time">The clock of both instants.</param>
public sealed class ScanLoopHeartbeat(TimeProvider time)
{
    private long _startedTicks = -1;
    private long _lastRoundTicks = -1;

    /// <summary>When the loop began its first round; null until then.</summary>
    public DateTimeOffset? StartedAt => Read(ref _startedTicks);

    /// <summary>When the loop last completed a round; null until it has.</summary>
    public DateTimeOffset? LastRoundCompletedAt => Read(ref _lastRoundTicks);

    /// <summary>Records that the loop begins its first round now.</summary>
    public void Started() => Volatile.Write(ref _startedTicks, time.GetUtcNow().UtcTicks);

    /// <summary>Records that the loop completed a round now.</summary>
    public void RoundCompleted() => Volatile.Write(ref _lastRoundTicks, time.GetUtcNow().UtcTicks);

    private static DateTimeOffset? Read(ref long ticks) => Volatile.Read(ref ticks) is >= 0 and var t ? new DateTimeOffset(t, TimeSpan.Zero) : null;
}
