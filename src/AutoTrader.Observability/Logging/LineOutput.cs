using System.Buffers;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// The log writer thread's side of the stream: writes runs of queued lines, formats the captured
/// events among them where their marks are, and counts what a failing stream or a failing format
/// loses instead of throwing.
/// </summary>
internal sealed class LineOutput(Stream output)
{
    private const int WriteBytes = 64 * 1024; // lines around captured events are written this much at a time
    private const int RetainedPendingBytes = 1024 * 1024;

    private readonly JsonLineBuilder _formatter = JsonLineBuilder.Create(); // the writer thread's own
    private ArrayBufferWriter<byte> _pending = new();
    private long _formatFailures;

    /// <summary>Captured events that could not be formatted; each is lost.</summary>
    public long FormatFailures => Volatile.Read(ref _formatFailures);

    /// <summary>
    /// Writes a run of queued bytes, formatting each captured event where its mark is (the
    /// entries, taken from <paramref name="entries"/> in order, go to <paramref name="written"/>);
    /// returns how many lines were lost to a failing stream.
    /// </summary>
    public long Write(ReadOnlySpan<byte> run, LogEntryPool entries, List<LogEntry> written)
    {
        if (!run.Contains(LogEntryPool.Mark))
        {
            return WriteLines(run);
        }

        long lost = 0;
        while (true)
        {
            var mark = run.IndexOf(LogEntryPool.Mark);
            var lines = mark < 0 ? run : run[..mark];
            if (_pending.WrittenCount + lines.Length <= WriteBytes)
            {
                lines.CopyTo(_pending.GetSpan(lines.Length));
                _pending.Advance(lines.Length);
            }
            else
            {
                // Many complete lines (callers formatted in place while the pool was spent): written
                // from the ring as they are, rather than copied into a buffer that would outgrow
                // RetainedPendingBytes and be allocated again on every such run.
                lost += WritePending();
                lost += WriteLines(lines);
            }

            if (mark < 0)
            {
                break;
            }

            var entry = entries.TakeWaiting(written.Count);
            Format(entry);
            entry.Clear();
            written.Add(entry);
            run = run[(mark + 1)..];
            if (_pending.WrittenCount >= WriteBytes)
            {
                lost += WritePending();
            }
        }

        return lost + WritePending();
    }

    public void Flush()
    {
        try
        {
            output.Flush();
        }
#pragma warning disable CA1031 // as in WriteLines. Standard output and error buffer nothing, so their flush loses no line; a stream that buffers and then fails here loses lines it does not tell us about
        catch (Exception)
        {
        }
#pragma warning restore CA1031
    }

    /// <summary>Writes complete lines; returns how many were lost to a failing stream.</summary>
    private long WriteLines(ReadOnlySpan<byte> lines)
    {
        try
        {
            output.Write(lines);
            return 0;
        }
#pragma warning disable CA1031 // a failing sink must not stop logging, let alone the application
        catch (Exception)
        {
            return lines.Count((byte)'\n');
        }
#pragma warning restore CA1031
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
        var lost = WriteLines(_pending.WrittenSpan);
        if (_pending.Capacity > RetainedPendingBytes)
        {
            _pending = new ArrayBufferWriter<byte>(); // a huge line passed: let its buffer go
        }
        else
        {
            _pending.ResetWrittenCount();
        }

        return lost;
    }
}
