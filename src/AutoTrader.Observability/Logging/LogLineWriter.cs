using System.Buffers;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// Hands lines from any thread to one background thread that formats the captured ones and writes
/// them all to a stream.
/// </summary>
/// <remarks>
/// A caller puts one <see cref="LogEntry"/> (a formatted line, or an event's captured values) into
/// a bounded ring under a short lock and takes back the entry the slot held, so lines never
/// interleave, stay in each thread's order, and the caller never waits on I/O. The writer gathers
/// entries for up to 50 ms (less once the queue is a quarter full or someone flushes), formats the
/// captured ones and drains them in few writes, so a burst of events costs one system call. When
/// the queue is full the line is dropped and counted, and the writer later reports the loss. A
/// stream that throws loses the lines in hand (counted) and the writer goes on. While lines keep
/// arriving the writer polls every millisecond instead of being signalled, because waking a
/// sleeping thread costs the caller more than formatting the line. The queue's lock is a
/// <see cref="Lock"/> that nobody waits on: a monitor some thread waits on becomes a sync block,
/// which every caller then entered through the runtime's native slow path (about a fifth of a
/// microsecond per line under load); the writer waits on a monitor of its own.
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
    private const int WriteBytes = 64 * 1024; // the writer hands the stream about this much at a time
    private const int RetainedOutputBytes = 1024 * 1024;
    // Written entries wait here for callers, newest first, instead of in their slots: a slot is
    // reused only after the whole ring has gone round, so an entry taken from it was cold (a ring
    // of 8 MiB cycled through 130,000 entries) and capturing into it cost a request half a
    // microsecond of cache misses. Beyond this many, written entries are left to the GC.
    private const int FreeEntries = 4096;

    private readonly Stream _output;
    private readonly LogEntry?[] _slots;
    private readonly LogEntry?[] _free = new LogEntry?[FreeEntries]; // written entries, the latest on top
    private int _freeCount;
    private readonly int _capacityBytes;
    private readonly int _gatherLimit; // queued bytes that end the writer's gathering early: a quarter of the capacity
    private readonly Lock _lock = new();
    private readonly object _wakeGate = new();
    private readonly Thread _thread;
    private readonly Action<long>? _onDropped;
    private readonly JsonLineBuilder _formatter = JsonLineBuilder.Create(); // the writer thread's own
    private readonly List<LogEntry?> _written = [];
    private ArrayBufferWriter<byte> _pending = new(WriteBytes * 2);
    private int _pendingLines;
    private int _head;
    private int _entries;
    private int _queuedBytes;
    private bool _writerWaiting;
    private bool _gathering;
    private bool _woken;
    private bool _stopping;
    private bool _writing;
    private long _dropped;
    private long _droppedReported;
    private long _writeFailures;
    private long _formatFailures;

    /// <param name="output">Where lines go.</param>
    /// <param name="capacityBytes">Bytes of lines that may wait (estimated for captured events); a line that does not fit is dropped.</param>
    /// <param name="onDropped">Called on the writer thread with the number of lines newly dropped, once the queue has drained.</param>
    public LogLineWriter(Stream output, int capacityBytes, Action<long>? onDropped = null)
    {
        _output = output;
        _capacityBytes = capacityBytes;
        _slots = new LogEntry?[Math.Max(1, capacityBytes / LogEntry.MinimumCharge)];
        _gatherLimit = capacityBytes / 4;
        _onDropped = onDropped;
        _thread = new Thread(Run) { IsBackground = true, Name = "autotrader-log-writer" };
        _thread.Start();
    }

    /// <summary>Lines dropped because the queue was full, the writer had stopped or the stream failed.</summary>
    public long DroppedLines
    {
        get
        {
            lock (_lock)
            {
                return _dropped;
            }
        }
    }

    /// <summary>Writes to the stream that threw; their lines are counted in <see cref="DroppedLines"/>.</summary>
    public long WriteFailures => Volatile.Read(ref _writeFailures);

    /// <summary>Captured events the writer could not format; each is lost.</summary>
    public long FormatFailures => Volatile.Read(ref _formatFailures);

    /// <summary>Queues a copy of one complete line; returns false (and counts it) when it cannot be queued.</summary>
    public bool TryWrite(ReadOnlySpan<byte> line)
    {
        var entry = LogEntry.Rent();
        entry.SetLine(line);
        return TryEnqueue(entry);
    }

    /// <summary>
    /// Queues an entry, which belongs to the queue from then on; returns false (and counts it) when
    /// it cannot be queued. Either way the caller's thread keeps a cleared entry for its next line:
    /// one the writer has written (if any is free), or its own when it was dropped.
    /// </summary>
    public bool TryEnqueue(LogEntry entry)
    {
        LogEntry? spare;
        bool accepted;
        var wake = false;
        lock (_lock)
        {
            accepted = !_stopping && _capacityBytes - _queuedBytes >= entry.Charge && _entries < _slots.Length;
            if (accepted)
            {
                _slots[(_head + _entries) % _slots.Length] = entry;
                spare = null;
                if (_freeCount > 0)
                {
                    spare = _free[--_freeCount];
                    _free[_freeCount] = null;
                }

                _entries++;
                _queuedBytes += entry.Charge;
                wake = _writerWaiting || (_gathering && _queuedBytes >= _gatherLimit);
                if (wake)
                {
                    _writerWaiting = _gathering = false;
                }
            }
            else
            {
                _dropped++;
                spare = entry;
            }
        }

        if (!accepted)
        {
            entry.Clear();
        }

        LogEntry.Return(spare);
        if (wake)
        {
            Wake();
        }

        return accepted;
    }

    /// <summary>Waits until every queued line has been written, or the timeout passes.</summary>
    public bool Flush(TimeSpan timeout)
    {
        Wake(); // a gathering writer writes what it holds now
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            lock (_lock)
            {
                if (_entries == 0 && !_writing)
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

        Wake();
        _thread.Join(StopTimeout);
    }

    private void Run()
    {
        while (NextRun(out var start, out var count))
        {
            long lost = 0;
            var charged = 0;
            for (var i = start; i < start + count; i++)
            {
                var entry = _slots[i]!;
                _slots[i] = null;
                charged += entry.Charge;
                Append(entry);
                entry.Clear();
                _written.Add(entry);
                if (_pending.WrittenCount >= WriteBytes)
                {
                    lost += WritePending();
                }
            }

            lost += WritePending();
            if (count == Volatile.Read(ref _entries))
            {
                FlushStream();
            }

            long newlyDropped;
            lock (_lock)
            {
                _head = (_head + count) % _slots.Length;
                var reused = Math.Min(_written.Count, _free.Length - _freeCount);
                _written.CopyTo(_written.Count - reused, _free, _freeCount, reused);
                _freeCount += reused;
                _entries -= count;
                _queuedBytes -= charged;
                _dropped += lost;
                newlyDropped = _entries == 0 ? _dropped - _droppedReported : 0;
                _droppedReported += newlyDropped;
            }

            _written.Clear();
            if (newlyDropped > 0)
            {
                _onDropped?.Invoke(newlyDropped);
            }
        }

        FlushStream();
    }

    /// <summary>Adds an entry's line to what the next write carries, formatting a captured event here.</summary>
    private void Append(LogEntry entry)
    {
        ReadOnlySpan<byte> line;
        if (entry.IsCaptured)
        {
            try
            {
                line = _formatter.Build(entry);
            }
#pragma warning disable CA1031 // one event that cannot be formatted must not stop logging
            catch (Exception)
            {
                Interlocked.Increment(ref _formatFailures);
                return;
            }
#pragma warning restore CA1031
        }
        else
        {
            line = entry.Line;
        }

        line.CopyTo(_pending.GetSpan(line.Length));
        _pending.Advance(line.Length);
        _pendingLines++;
    }

    /// <summary>Writes the gathered lines; returns how many were lost to a failing stream.</summary>
    private long WritePending()
    {
        long lost = 0;
        if (_pending.WrittenCount > 0)
        {
            try
            {
                _output.Write(_pending.WrittenSpan);
            }
#pragma warning disable CA1031 // a failing sink must not stop logging, let alone the application
            catch (Exception)
            {
                Interlocked.Increment(ref _writeFailures);
                lost = _pendingLines;
            }
#pragma warning restore CA1031
        }

        _pendingLines = 0;
        if (_pending.Capacity > RetainedOutputBytes)
        {
            _pending = new ArrayBufferWriter<byte>(WriteBytes * 2); // a huge line passed: let its buffer go
        }
        else
        {
            _pending.ResetWrittenCount();
        }

        return lost;
    }

    /// <summary>Waits for lines and marks the next contiguous run of slots as being written; false once stopped with nothing queued.</summary>
    private bool NextRun(out int start, out int count)
    {
        var idlePolls = 0;
        var gathered = false;
        while (true)
        {
            bool gather;
            bool sleep;
            lock (_lock)
            {
                _writing = false;
                _gathering = false;

                // Lines are arriving: let them gather (GatherInterval) so that one write(2)
                // carries many. Writing as soon as anything is queued cost a system call per line
                // or two under load, more CPU than formatting the lines; waking every millisecond
                // still cost a measurable share in timed waits.
                if (_entries > 0 && (gathered || _stopping || _queuedBytes >= _gatherLimit))
                {
                    _writing = true;
                    start = _head;
                    count = Math.Min(_entries, _slots.Length - _head);
                    return true;
                }

                if (_entries == 0 && _stopping)
                {
                    start = count = 0;
                    return false;
                }

                // While lines keep coming the writer polls, so callers never pay for waking it;
                // only after a quiet spell does it sleep until a caller signals.
                sleep = _writerWaiting = _entries == 0 && idlePolls >= IdlePollsBeforeSleep;
                _gathering = gather = _entries > 0;
            }

            if (gather)
            {
                WaitForWake(GatherInterval);
                gathered = true;
            }
            else
            {
                WaitForWake(sleep ? Timeout.InfiniteTimeSpan : PollInterval);
                idlePolls++;
            }
        }
    }
    /// <summary>Wakes the writer from <see cref="WaitForWake"/>; a wake that comes first is kept for the next wait.</summary>
    private void Wake()
    {
        lock (_wakeGate)
        {
            _woken = true;
            Monitor.Pulse(_wakeGate);
        }
    }

    private void WaitForWake(TimeSpan timeout)
    {
        lock (_wakeGate)
        {
            if (!_woken)
            {
                Monitor.Wait(_wakeGate, timeout);
            }

            _woken = false;
        }
    }

    private void FlushStream()
    {
        try
        {
            _output.Flush();
        }
#pragma warning disable CA1031 // see Run
        catch (Exception)
        {
            Interlocked.Increment(ref _writeFailures);
        }
#pragma warning restore CA1031
    }
}
