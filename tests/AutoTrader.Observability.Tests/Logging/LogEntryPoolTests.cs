using AutoTrader.Observability.Logging;

namespace AutoTrader.Observability.Tests.Logging;

public sealed class LogEntryPoolTests
{
    [Fact]
    public void No_more_entries_are_made_than_the_pool_holds()
    {
        var pool = new LogEntryPool(4);

        Assert.Equal([true, true, true, true, false], Enumerable.Range(0, 5).Select(_ => pool.TryMakeRoom()));
        Assert.Null(pool.TakeFree());
    }

    [Fact]
    public void Waiting_entries_are_taken_in_the_order_they_were_queued_across_the_wrap()
    {
        using var writer = new LogLineWriter(Stream.Null, 4096);
        var pool = new LogEntryPool(4);
        var entries = Enumerable.Range(0, 6).Select(_ => new LogEntry(writer)).ToArray();
        foreach (var entry in entries[..3])
        {
            pool.Enqueue(entry);
        }

        var written = new List<LogEntry> { pool.TakeWaiting(0), pool.TakeWaiting(1) };
        pool.Release(written);
        foreach (var entry in entries[3..])
        {
            pool.Enqueue(entry); // slots 3, 0 and 1: the queue wraps
        }

        Assert.Equal(entries[2..], Enumerable.Range(0, 4).Select(pool.TakeWaiting));
    }

    [Fact]
    public void Written_entries_become_free_the_latest_first()
    {
        using var writer = new LogLineWriter(Stream.Null, 4096);
        var pool = new LogEntryPool(4);
        LogEntry[] entries = [new(writer), new(writer)];
        pool.Enqueue(entries[0]);
        pool.Enqueue(entries[1]);
        Assert.True(pool.HalfWaiting);

        pool.Release([pool.TakeWaiting(0), pool.TakeWaiting(1)]);

        Assert.False(pool.HalfWaiting);
        Assert.Same(entries[1], pool.TakeFree());
        Assert.Same(entries[0], pool.TakeFree());
        Assert.Null(pool.TakeFree());
    }
}
