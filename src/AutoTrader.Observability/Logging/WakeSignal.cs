namespace AutoTrader.Observability.Logging;

/// <summary>
/// Wakes one waiting thread; a wake that comes before the wait is kept for it. The waiter blocks on
/// a monitor of this object's own, so that the lock callers take to queue lines never becomes a
/// sync block (see <see cref="LogLineWriter"/>).
/// </summary>
internal sealed class WakeSignal
{
    private readonly object _gate = new();
    private bool _woken;

    public void Wake()
    {
        lock (_gate)
        {
            _woken = true;
            Monitor.Pulse(_gate);
        }
    }

    public void Wait(TimeSpan timeout)
    {
        lock (_gate)
        {
            if (!_woken)
            {
                Monitor.Wait(_gate, timeout);
            }

            _woken = false;
        }
    }
}
