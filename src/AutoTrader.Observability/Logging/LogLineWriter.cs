using System.Buffers;

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
/// A captured event waits in the ring as one 0xFF byte (a byte UTF-8 text never contains) and its
/// entry in a queue of its own, so that every line keeps its place; the writer formats the entries
/// where their marks are. The entries come from a fixed pool: when all of them wait (the writer is
/// behind), callers format in place, which bounds the memory and slows the callers down.
/// The queue's lock is a <see cref="Lock"/> that nobody waits on: a monitor some thread waits on
/// becomes a sync block, which every caller then entered through the runtime's native slow path
/// (about a fifth of a microsecond per line under load); the writer waits on a monitor of its own.
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
    private const byte CapturedMark = 0xFF;
    private const int WriteBytes = 64 * 1024; // lines around captured events are written this much at a time
    private const int RetainedOutputBytes = 1024 * 1024;

    private readonly Stream _output;
    private readonly byte[] _ring;
    private readonly int _gatherLimit; // queued bytes that end the writer's gathering early: a quarter of the ring
    private readonly Lock _lock = new();
    private readonly object _wakeGate = new();
    private readonly Thread _thread;
    private readonly Action<long>? _onDropped;
    private readonly LogEntry?[] _captured; // waiting entries, in the order of their marks in the ring
    private readonly LogEntry?[] _free; // written entries, the latest on top: its memory is the warmest
    private readonly List<LogEntry> _written = [];
    private readonly JsonLineBuilder _formatter = JsonLineBuilder.Create(); // the writer thread's own
    private ArrayBufferWriter<byte> _pending = new();
    private int _capturedHead;
    private int _capturedCount;
    private int _freeCount;
    private int _entriesMade;
    private int _head;
    private int _count;
    private bool _writerWaiting;
    private bool _gathering;
    private bool _woken;
    private bool _stopping;
    private bool _writing;
    private long _queueFull;
    private long _writeFailed;
    private long _lossReported;
    private long _formatFailures;

    /// <param name="output">Where lines go.</param>
    /// <param name="capacityBytes">Bytes that may wait; a line that does not fit is dropped.</param>
    /// <param name="onDropped">
    /// Called on the writer thread with the number of lines newly lost (dropped or failed to write),
    /// once the ring has drained and the last write went through.
    /// </param>
    public LogLineWriter(Stream output, int capacityBytes, Action<long>? onDropped = null)
    {
        _output = output;
        _ring = new byte[capacityBytes];
        _gatherLimit = capacityBytes / 4;
        var entries = Math.Clamp(capacityBytes / 1024, 4, 4096); // a captured event holds about a kilobyte
        _captured = new LogEntry?[entries];
        _free = new LogEntry?[entries];
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
    public long FormatFailures => Volatile.Read(ref _formatFailures);

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
            if (_freeCount > 0)
            {
                return TakeFree();
            }

            if (_entriesMade == _captured.Length)
            {
                return null;
            }

            _entriesMade++;
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
            accepted = !_stopping && _count < _ring.Length;
            if (accepted)
            {
                _ring[(_head + _count) % _ring.Length] = CapturedMark;
                _count++;
                _captured[(_capturedHead + _capturedCount) % _captured.Length] = entry;
                _capturedCount++;
                spare = _freeCount > 0 ? TakeFree() : null;
                wake = _writerWaiting || (_gathering && (_count >= _gatherLimit || _capturedCount >= _captured.Length / 2));
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
            Wake();
        }

        return accepted;
    }

    /// <summary>Queues one complete line; returns false (and counts it) when it cannot be queued.</summary>
    public bool TryWrite(ReadOnlySpan<byte> line)
    {
        lock (_lock)
        {
            if (_stopping || _ring.Length - _count < line.Length)
            {
                _queueFull++;
                return false;
            }

            var tail = (_head + _count) % _ring.Length;
            var first = Math.Min(line.Length, _ring.Length - tail);
            line[..first].CopyTo(_ring.AsSpan(tail));
            line[first..].CopyTo(_ring);
            _count += line.Length;
            if (!_writerWaiting && !(_gathering && _count >= _gatherLimit))
            {
                return true;
            }

            _writerWaiting = _gathering = false;
        }

        Wake();
        return true;
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
                if (_count == 0 && !_writing)
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

    private LogEntry TakeFree()
    {
        var entry = _free[--_freeCount]!;
        _free[_freeCount] = null;
        return entry;
    }

    private void Run()
    {
        while (NextChunk(out var start, out var length))
        {
            var chunk = _ring.AsSpan(start, length);
            var lost = chunk.Contains(CapturedMark) ? WriteWithCaptured(chunk) : Write(chunk);
            if (length == Volatile.Read(ref _count))
            {
                FlushStream();
            }

            long newlyLost;
            lock (_lock)
            {
                _head = (_head + length) % _ring.Length;
                _count -= length;
                _capturedHead = (_capturedHead + _written.Count) % _captured.Length;
                _capturedCount -= _written.Count;
                foreach (var entry in _written)
                {
                    _free[_freeCount++] = entry;
                }

                _writeFailed += lost;
                newlyLost = _count == 0 && lost == 0 ? _queueFull + _writeFailed - _lossReported : 0;
                _lossReported += newlyLost;
            }

            _written.Clear();

            if (newlyLost > 0)
            {
                _onDropped?.Invoke(newlyLost);
            }
        }

        FlushStream();
    }

    /// <summary>Writes complete lines; returns how many were lost to a failing stream.</summary>
    private long Write(ReadOnlySpan<byte> lines)
    {
        try
        {
            _output.Write(lines);
            return 0;
        }
#pragma warning disable CA1031 // a failing sink must not stop logging, let alone the application
        catch (Exception)
        {
            return lines.Count((byte)'\n');
        }
#pragma warning restore CA1031
    }

    /// <summary>
    /// Writes lines with captured events among them, each formatted where its mark is; returns how
    /// many lines were lost to a failing stream. The entries go to <see cref="_written"/>.
    /// </summary>
    private long WriteWithCaptured(ReadOnlySpan<byte> chunk)
    {
        long lost = 0;
        while (true)
        {
            var mark = chunk.IndexOf(CapturedMark);
            var lines = mark < 0 ? chunk : chunk[..mark];
            lines.CopyTo(_pending.GetSpan(lines.Length));
            _pending.Advance(lines.Length);
            if (mark < 0)
            {
                break;
            }

            var slot = (_capturedHead + _written.Count) % _captured.Length;
            var entry = _captured[slot]!;
            _captured[slot] = null;
            Format(entry);
            entry.Clear();
            _written.Add(entry);
            chunk = chunk[(mark + 1)..];
            if (_pending.WrittenCount >= WriteBytes)
            {
                lost += WritePending();
            }
        }

        return lost + WritePending();
    }

    private void Format(LogEntry entry)
    {
        try
        {
            var line = _formatter.Build(entry);
            line.CopyTo(_pending.GetSpan(line.Length));
            _pending.Advance(line.Length);
        }
#pragma warning disable CA1031 // one event that cannot be formatted must not stop logging
        catch (Exception)
        {
            Interlocked.Increment(ref _formatFailures);
            ObservabilityEventSource.Log.TelemetryDropped("logs", "format_failed", 1);
        }
#pragma warning restore CA1031
    }

    private long WritePending()
    {
        var lost = Write(_pending.WrittenSpan);
        if (_pending.Capacity > RetainedOutputBytes)
        {
            _pending = new ArrayBufferWriter<byte>(); // a huge line passed: let its buffer go
        }
        else
        {
            _pending.ResetWrittenCount();
        }

        return lost;
    }

    /// <summary>Waits for lines and marks the next contiguous run of them as being written; false once stopped with nothing queued.</summary>
    private bool NextChunk(out int start, out int length)
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
                queued = _count;

                // Lines are arriving: let them gather (GatherInterval) so that one write(2)
                // carries many. Writing as soon as anything is queued cost a system call per line
                // or two under load, more CPU than formatting the lines; waking every millisecond
                // still cost a measurable share in timed waits.
                if (queued > 0 && (gathered || _stopping || queued >= _gatherLimit || _capturedCount >= _captured.Length / 2))
                {
                    _writing = true;
                    start = _head;
                    length = Math.Min(queued, _ring.Length - _head);
                    return true;
                }

                if (queued == 0 && _stopping)
                {
                    start = length = 0;
                    return false;
                }

                // While lines keep coming the writer polls, so callers never pay for waking it;
                // only after a quiet spell does it sleep until a caller signals.
                sleep = _writerWaiting = queued == 0 && idlePolls >= IdlePollsBeforeSleep;
                _gathering = queued > 0;
            }

            if (queued > 0)
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
#pragma warning disable CA1031 // see Run. Standard output and error buffer nothing, so their flush loses no line; a stream that buffers and then fails here loses lines it does not tell us about
        catch (Exception)
        {
        }
#pragma warning restore CA1031
    }
}
