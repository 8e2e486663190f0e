using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Logging;

/// <summary>Keeps DEBUG and INFO events at a configured rate; WARNING and above always pass.</summary>
internal sealed class LogSampler(bool enabled, double rate)
{
    private long _dropped;

    public long Dropped => Volatile.Read(ref _dropped);

    public bool Keep(LogLevel level)
    {
        if (!enabled || level >= LogLevel.Warning || Random.Shared.NextDouble() < rate)
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }
}
