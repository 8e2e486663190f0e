using System.Text;
using AutoTrader.Observability.Logging;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Tests.Logging;

/// <summary>The writer thread's side: runs of queued bytes with captured events among them (allocations counted, not timed).</summary>
public sealed class LineOutputTests
{
    private static readonly byte[] Lines = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(new string('x', 99) + "\n", 20_000)));

    [Fact]
    public void A_captured_event_is_written_where_its_mark_is_between_long_runs_of_lines()
    {
        using var writer = new LogLineWriter(Stream.Null, 4096);
        var stream = new MemoryStream();
        var output = new LineOutput(stream);
        var (pool, written) = OneWaiting(writer, "the_event");

        output.Write([.. Lines, LogEntryPool.Mark, .. Lines], pool, written);

        var text = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(40_001, text.Length);
        Assert.Contains("\"event\":\"the_event\"", text[20_000], StringComparison.Ordinal);
        Assert.Single(written);
    }

    [Fact]
    public void A_long_run_of_complete_lines_around_a_captured_event_is_written_without_allocating()
    {
        using var writer = new LogLineWriter(Stream.Null, 4096);
        var output = new LineOutput(Stream.Null);
        byte[] run = [.. Lines, LogEntryPool.Mark, .. Lines];

        long Round()
        {
            var (pool, written) = OneWaiting(writer, "e");
            var before = GC.GetAllocatedBytesForCurrentThread();
            output.Write(run, pool, written);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Round(); // the formatter and the pending buffer are made on first use
        Assert.Equal(0, Round());
    }

    private static (LogEntryPool Pool, List<LogEntry> Written) OneWaiting(LogLineWriter writer, string name)
    {
        var settings = new LogLineSettings("svc", "env", "1", [], TimeProvider.System);
        var state = new StructuredLogState(name, [], 0, null);
        var entry = new LogEntry(writer);
        Assert.True(entry.TryCapture(settings, default, LogLevel.Information, in state, new LoggerExternalScopeProvider()));
        var pool = new LogEntryPool(4);
        pool.Enqueue(entry);
        return (pool, new List<LogEntry>(1));
    }
}
