namespace AutoTrader.Observability.Logging;

/// <summary>
/// The captured events of one <see cref="LogLineWriter"/>: those waiting to be written, in the
/// order of their marks in its ring, and the written ones, free for the next capture. At most
/// <c>size</c> entries are ever made, which bounds the memory a writer that falls behind holds.
/// Not thread-safe: the writer's lock guards it, except <see cref="TakeWaiting"/> (see there).
/// </summary>
internal sealed class LogEntryPool(int size)
{
    /// <summary>A captured event waits in the ring as this byte, which UTF-8 text never contains.</summary>
    public const byte Mark = 0xFF;

    private readonly LogEntry?[] _waiting = new LogEntry?[size];
    private readonly LogEntry?[] _free = new LogEntry?[size]; // the latest written on top: its memory is the warmest
    private int _head;
    private int _waitingCount;
    private int _freeCount;
    private int _made;

    /// <summary>Whether half the entries wait: time for the writer to stop gathering.</summary>
    public bool HalfWaiting => _waitingCount >= _waiting.Length / 2;

    /// <summary>A written entry to capture into, or null when none is free.</summary>
    public LogEntry? TakeFree()
    {
        if (_freeCount == 0)
        {
            return null;
        }

        var entry = _free[--_freeCount]!;
        _free[_freeCount] = null;
        return entry;
    }

    /// <summary>Counts one more entry made; false when the pool is at its size and the caller must format in place.</summary>
    public bool TryMakeRoom()
    {
        if (_made == _waiting.Length)
        {
            return false;
        }

        _made++;
        return true;
    }

    /// <summary>Queues an entry behind the others; its mark goes into the ring at the same time.</summary>
    public void Enqueue(LogEntry entry)
    {
        _waiting[(_head + _waitingCount) % _waiting.Length] = entry;
        _waitingCount++;
    }

    /// <summary>
    /// The <paramref name="index"/>-th waiting entry (0 the oldest), emptying its slot. Called by the
    /// writer thread without the lock: callers only fill slots past the waiting ones, and the entry
    /// stays counted as waiting until <see cref="Release"/>.
    /// </summary>
    public LogEntry TakeWaiting(int index)
    {
        var slot = (_head + index) % _waiting.Length;
        var entry = _waiting[slot]!;
        _waiting[slot] = null;
        return entry;
    }

    /// <summary>Frees the oldest waiting entries, which <paramref name="written"/> holds in order.</summary>
    public void Release(List<LogEntry> written)
    {
        _head = (_head + written.Count) % _waiting.Length;
        _waitingCount -= written.Count;
        foreach (var entry in written)
        {
            _free[_freeCount++] = entry;
        }
    }
}
