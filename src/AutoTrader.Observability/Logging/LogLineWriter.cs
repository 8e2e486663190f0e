namespace AutoTrader.Observability.Logging;

/// <summary>
/// Hands complete lines from any thread to one background thread that writes them to a stream.
/// </summary>
/// <remarks>
/// Lines are copied whole into a bounded byte ring under a short lock, so they never interleave
/// and the caller never waits on I/O. The writer gathers lines for a few milliseconds and drains
/// them in one write, so a burst of events costs one system call. When the ring is full the line is dropped and counted,
/// and the writer later reports the loss. A stream that throws loses the lines in hand (counted)
/// and the writer goes on. While lines keep arriving the writer polls every millisecond instead of
/// being signalled, because waking a sleeping thread costs the caller more than formatting the line.
/// </remarks>
internal sealed class LogLineWriter : IDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan GatherInterval = TimeSpan.FromMilliseconds(5);
    private const int IdlePollsBeforeSleep = 100;

    private readonly Stream _output;
    private readonly byte[] _ring;
    private readonly object _lock = new();
    private readonly Thread _thread;
    private readonly Action<long>? _onDropped;
    private int _head;
    private int _count;
    private bool _writerWaiting;
    private bool _stopping;
    private bool _writing;
    private long _dropped;
    private long _droppedReported;
    private long _writeFailures;

    /// <param name="output">Where lines go.</param>
    /// <param name="capacityBytes">Bytes that may wait; a line that does not fit is dropped.</param>
    /// <param name="onDropped">Called on the writer thread with the number of lines newly dropped, once the ring has drained.</param>
    public LogLineWriter(Stream output, int capacityBytes, Action<long>? onDropped = null)
    {
        _output = output;
        _ring = new byte[capacityBytes];
        _onDropped = onDropped;
        _thread = new Thread(Run) { IsBackground = true, Name = "autotrader-log-writer" };
        _thread.Start();
    }

    /// <summary>Lines dropped because the queue was full or the writer had stopped.</summary>
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

    /// <summary>Queues one complete line; returns false (and counts it) when it cannot be queued.</summary>
    public bool TryWrite(ReadOnlySpan<byte> line)
    {
        lock (_lock)
        {
            if (_stopping || _ring.Length - _count < line.Length)
            {
                _dropped++;
                return false;
            }

            var tail = (_head + _count) % _ring.Length;
            var first = Math.Min(line.Length, _ring.Length - tail);
            line[..first].CopyTo(_ring.AsSpan(tail));
            line[first..].CopyTo(_ring);
            _count += line.Length;
            if (_writerWaiting)
            {
                _writerWaiting = false;
                Monitor.Pulse(_lock);
            }

            return true;
        }
    }

    /// <summary>Waits until every queued line has been written, or the timeout passes.</summary>
    public bool Flush(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_lock)
        {
            while (_count > 0 || _writing)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0 || !_thread.IsAlive)
                {
                    return false;
                }

                Monitor.Wait(_lock, TimeSpan.FromMilliseconds(Math.Min(left, 50)));
            }
        }

        return true;
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
            Monitor.PulseAll(_lock);
        }

        _thread.Join(StopTimeout);
    }

    private void Run()
    {
        while (true)
        {
            int start, length;
            lock (_lock)
            {
                _writing = false;
                Monitor.PulseAll(_lock); // wakes Flush
                var idlePolls = 0;
                while (_count == 0)
                {
                    if (_stopping)
                    {
                        FlushStream();
                        return;
                    }

                    // While lines keep coming the writer polls, so callers never pay for waking it;
                    // only after a quiet spell does it sleep until a caller signals.
                    if (idlePolls++ < IdlePollsBeforeSleep)
                    {
                        Monitor.Wait(_lock, PollInterval);
                    }
                    else
                    {
                        _writerWaiting = true;
                        Monitor.Wait(_lock);
                    }
                }

                // Lines are arriving: let them gather for a few milliseconds so that one write(2)
                // carries many. Writing as soon as anything is queued cost a system call per line
                // or two under load, more CPU than formatting the lines; waking every millisecond
                // still cost a measurable share in timed waits.
                if (!_stopping && _count < _ring.Length / 4)
                {
                    Monitor.Wait(_lock, GatherInterval);
                }

                start = _head;
                length = Math.Min(_count, _ring.Length - _head);
                _writing = true;
            }

            long lost = 0;
            try
            {
                _output.Write(_ring, start, length);
                if (length == _count)
                {
                    FlushStream();
                }
            }
#pragma warning disable CA1031 // a failing sink must not stop logging, let alone the application
            catch (Exception)
            {
                Interlocked.Increment(ref _writeFailures);
                lost = _ring.AsSpan(start, length).Count((byte)'\n');
            }
#pragma warning restore CA1031

            long newlyDropped;
            lock (_lock)
            {
                _head = (_head + length) % _ring.Length;
                _count -= length;
                _dropped += lost;
                newlyDropped = _count == 0 ? _dropped - _droppedReported : 0;
                _droppedReported += newlyDropped;
            }

            if (newlyDropped > 0)
            {
                _onDropped?.Invoke(newlyDropped);
            }
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
