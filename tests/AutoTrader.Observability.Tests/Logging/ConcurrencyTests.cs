using AutoTrader.Observability.Logging;

namespace AutoTrader.Observability.Tests.Logging;

public sealed class ConcurrencyTests
{
    [Fact]
    public void Eight_threads_of_ten_thousand_events_give_exactly_80000_whole_lines()
    {
        const int threads = 8, perThread = 10_000;
        using var capture = new LogCapture(o => o.Logging.QueueCapacityBytes = 64 * 1024 * 1024);
        var logger = capture.Logger();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perThread; i++)
            {
                logger.Info("concurrent", ("thread", t), ("seq", i), ("payload", "some text with \"quotes\" and \n newlines"));
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        var lines = capture.Lines();
        Assert.Equal(threads * perThread, lines.Count);
        Assert.Equal(0, capture.Provider.Statistics.DroppedLines);
        foreach (var group in lines.GroupBy(l => l.GetProperty("thread").GetInt32()))
        {
            // Each thread's lines arrive whole and in its own order.
            Assert.Equal(Enumerable.Range(0, perThread), group.Select(l => l.GetProperty("seq").GetInt32()));
        }
    }
}
