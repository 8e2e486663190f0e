namespace AutoTrader.Observability.Logging;

/// <summary>
/// Hands lines from any thread to one background thread that writes them to a stream: complete
/// lines, and structured events captured on the caller's thread (<see cref="LogEntry"/>), which
/// it formats first.
/// </summary>
/// <remarks>
/// Lines are copied whole into a bounded byte ring under a short lock, so they never interleave
/// and the caller never waits on I/O. The writer gathers lines for up to 50 ms (less once the ring
/// is a quarter full or someone flushes) and drains them in one write, so a burst of events costs
/// one system call. When the ring is full the line is dropped and counted,
/// and the writer later reports the loss. A stream that throws loses the lines in hand (counted
/// apart) and the writer goes on; the loss is reported once a write goes through again, since a
/// report written into the failing stream would be lost and reported in turn, forever. While
/// lines keep arriving the writer polls every millisecond instead of being signalled, because
/// waking a sleeping thread costs the caller more than formatting the line.
/// A captured event waits in the ring (<see cref="ByteRing"/>) as one mark byte and its entry in a
/// queue of its own (<see cref="LogEntryPool"/>), so that every line keeps its place; the writer
/// formats the entries where their marks are (<see cref="LineOutput"/>). The entries come from a
/// fixed pool: when all of them wait (the writer is behind), callers format in place, which bounds
/// the memory and slows the callers down.
/// The queue's lock is a <see cref="Lock"/> that nobody waits on: a monitor some thread waits on
/// becomes a sync block, which every caller then entered through the runtime's native slow path
/// (about a fifth of a microsecond per line under load); the writer waits on a monitor of its own (<see cref="WakeSignal"/>).
/// </remarks>
internal sealed class LogLineWriter : IDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(1);
    // Each wake of the writer under load took a core from a request thread and passed 10 pages of
    // lines through its caches: gathering for 50 ms instead of 5 cut the server's CPU per request
    // by 1-3 us (docs/PERFORMANCE.md, fifth look). A quarter-full queue or a flush ends it early.
    private static readonly TimeSpan GatherInterval = TimeSpan.FromMilliseconds(50);
    private const int IdlePollsBeforeSleep = 100;

    private readonly ByteRing _ring;
    private readonly LogEntryPool _entries;
    private readonly LineOutput _output;
    private readonly int _gatherLimit; // queued bytes that end the writer's gathering early: a quarter of the ring
    private readonly Lock _lock = new();
    private readonly WakeSignal _wake = new();
    private readonly Thread _thread;
    private readonly Action<long>? _onDropped;
    private readonly List<LogEntry> _written = [];
    private bool _writerWaiting;
    private bool _gathering;
    private bool _stopping;
    private bool _writing;
    private long _queueFull;
    private long _writeFailed;
    private long _lossReported;

    /// <param name="output">Where lines go.</param>
    /// <param name="capacityBytes">Bytes that may wait; a line that does not fit is dropped.</param>
    /// <param name="onDropped">
    /// Called on the writer thread with the number of lines newly lost (dropped or failed to write),
    /// once the ring has drained and the last write went through.
    /// </param>
    public LogLineWriter(Stream output, int capacityBytes, Action<long>? onDropped = null)
    {
        _ring = new ByteRing(capacityBytes);
        _entries = new LogEntryPool(Math.Clamp(capacityBytes / 1024, 4, 4096)); // a captured event holds about a kilobyte
        _output = new LineOutput(output);
        _gatherLimit = capacityBytes / 4;
        _onDropped = onDropped;
        _thread = new Thread(Run) { IsBackground = true, Name = "autotrader-log-writer" };
        _thread.Start();
    }

    /// <summary>Lines dropped because the queue was full or the writer had stopped.</summary>
    public long QueueFullLines
    {
        get
        {
            lock (_lock)
            {
                return _queueFull;
            }
        }
    }

    /// <summary>Lines lost because the stream threw while they were written.</summary>
    public long WriteFailedLines
    {
        get
        {
            lock (_lock)
            {
                return _writeFailed;
            }
        }
    }

    /// <summary>Captured events the writer could not format; each is lost.</summary>
    public long FormatFailures => _output.FormatFailures;

    /// <summary>
    /// An entry to capture an event into: the thread's spare, a written one, or a new one while
    /// the pool has room; null when every entry waits, and the caller formats in place.
    /// </summary>
    public LogEntry? RentEntry()
    {
        if (LogEntry.TakeSpare(this) is { } spare)
        {
            return spare;
        }

        lock (_lock)
        {
            if (_entries.TakeFree() is { } free)
            {
                return free;
            }

            if (!_entries.TryMakeRoom())
            {
                return null;
            }
        }

        return new LogEntry(this);
    }

    /// <summary>
    /// Queues a captured event, which belongs to the queue from then on; returns false (and counts
    /// it) when it cannot be queued. Either way the thread keeps a cleared entry for its next
    /// event: a written one if any is free, or its own when it was dropped.
    /// </summary>
    public bool TryEnqueue(LogEntry entry)
    {
        LogEntry? spare = null;
        bool accepted;
        var wake = false;
        lock (_lock)
        {
            accepted = !_stopping && _ring.TryAppend(LogEntryPool.Mark);
            if (accepted)
            {
                _entries.Enqueue(entry);
                spare = _entries.TakeFree();
                wake = _writerWaiting || (_gathering && (_ring.Count >= _gatherLimit || _entries.HalfWaiting));
                if (wake)
                {
                    _writerWaiting = _gathering = false;
                }
            }
            else
            {
                _queueFull++;
            }
        }

        if (!accepted)
        {
            entry.Clear();
            spare = entry;
        }

        LogEntry.KeepSpare(spare);
        if (wake)
        {
            _wake.Wake();
        }

        return accepted;
    }

    /// <summary>Queues one complete line; returns false (and counts it) when it cannot be queued.</summary>
    public bool TryWrite(ReadOnlySpan<byte> line)
    {
        lock (_lock)
        {
            if (_stopping || !_ring.TryAppend(line))
            {
                _queueFull++;
                return false;
            }

            if (!_writerWaiting && !(_gathering && _ring.Count >= _gatherLimit))
            {
                return true;
            }

            _writerWaiting = _gathering = false;
        }

        _wake.Wake();
        return true;
    }

    /// <summary>Waits until every queued line has been written, or the timeout passes.</summary>
    public bool Flush(TimeSpan timeout)
    {
        _wake.Wake(); // a gathering writer writes what it holds now
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            lock (_lock)
            {
                if (_ring.Count == 0 && !_writing)
                {
                    return true;
                }
            }

            if (Environment.TickCount64 >= deadline || !_thread.IsAlive)
            {
                return false;
            }

            Thread.Sleep(1); // for tests and hand-overs: polling keeps the callers' lock free of waiters
        }
    }

    /// <summary>Writes what is queued (waiting at most a few seconds for a blocked stream), then stops.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
        }

        _wake.Wake();
        _thread.Join(StopTimeout);
    }

    private void Run()
    {
        while (NextRun(out var run))
        {
            var lost = _output.Write(run, _entries, _written);
            if (run.Length == _ring.Count)
            {
                _output.Flush();
            }

            long newlyLost;
            lock (_lock)
            {
                _ring.Consume(run.Length);
                _entries.Release(_written);
                _writeFailed += lost;
                newlyLost = _ring.Count == 0 && lost == 0 ? _queueFull + _writeFailed - _lossReported : 0;
                _lossReported += newlyLost;
            }

            _written.Clear();

            if (newlyLost > 0)
            {
                _onDropped?.Invoke(newlyLost);
            }
        }

        _output.Flush();
    }

    /// <summary>Waits for lines and marks the oldest contiguous run of them as being written; false once stopped with nothing queued.</summary>
    private bool NextRun(out ReadOnlySpan<byte> run)
    {
        var idlePolls = 0;
        var gathered = false;
        while (true)
        {
            int queued;
            bool sleep;
            lock (_lock)
            {
                _writing = false;
                _gathering = false;
                queued = _ring.Count;

                // Lines are arriving: let them gather (GatherInterval) so that one write(2)
                // carries many. Writing as soon as anything is queued cost a system call per line
                // or two under load, more CPU than formatting the lines; waking every millisecond
                // still cost a measurable share in timed waits.
                if (queued > 0 && (gathered || _stopping || queued >= _gatherLimit || _entries.HalfWaiting))
                {
                    _writing = true;
                    run = _ring.OldestRun();
                    return true;
                }

                if (queued == 0 && _stopping)
                {
                    run = default;
                    return false;
                }

                // While lines keep coming the writer polls, so callers never pay for waking it;
                // only after a quiet spell does it sleep until a caller signals.
                sleep = _writerWaiting = queued == 0 && idlePolls >= IdlePollsBeforeSleep;
                _gathering = queued > 0;
            }

            if (queued > 0)
            {
                _wake.Wait(GatherInterval);
                gathered = true;
            }
            else
            {
                _wake.Wait(sleep ? Timeout.InfiniteTimeSpan : PollInterval);
                idlePolls++;
            }
        }
    }
}
