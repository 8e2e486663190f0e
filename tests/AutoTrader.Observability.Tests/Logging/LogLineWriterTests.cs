using System.Diagnostics;
using System.Text;
using AutoTrader.Observability.Logging;

namespace AutoTrader.Observability.Tests.Logging;

public sealed class LogLineWriterTests
{
    [Fact]
    public void Disposing_writes_every_queued_line()
    {
        var output = new MemoryStream();
        var writer = new LogLineWriter(output, 1 << 20);
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(writer.TryWrite(Encoding.UTF8.GetBytes($"line {i}\n")));
        }

        writer.Dispose();

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"line {i}"), lines);
    }

    [Fact]
    public void A_blocked_output_never_blocks_the_caller_and_a_full_queue_drops_and_counts()
    {
        using var blocked = new BlockingStream();
        var dropped = 0L;
        using var writer = new LogLineWriter(blocked, 4096, n => Interlocked.Add(ref dropped, n));
        var line = Encoding.UTF8.GetBytes(new string('x', 99) + "\n");

        var clock = Stopwatch.StartNew();
        var accepted = 0;
        for (var i = 0; i < 1000; i++)
        {
            accepted += writer.TryWrite(line) ? 1 : 0;
        }

        // The caller went through 1000 events although nothing could be written.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"caller was blocked for {clock.Elapsed}");
        Assert.InRange(accepted, 1, 4096 / 100 + 1);
        Assert.Equal(1000 - accepted, writer.QueueFullLines);
        Assert.Equal(0, writer.WriteFailedLines);

        blocked.Release();
        Assert.True(writer.Flush(TimeSpan.FromSeconds(10)));
        Assert.Equal(accepted * 100, blocked.Written);
        Assert.True(SpinWait.SpinUntil(() => Interlocked.Read(ref dropped) == 1000 - accepted, TimeSpan.FromSeconds(5)), "the loss is reported");
    }

    [Fact]
    public void A_failing_output_loses_the_lines_in_hand_counts_them_apart_and_never_throws()
    {
        using var failing = new FailingStream();
        using var writer = new LogLineWriter(failing, 1 << 16);
        for (var i = 0; i < 10; i++)
        {
            writer.TryWrite("x\n"u8);
            writer.Flush(TimeSpan.FromSeconds(5));
        }

        writer.TryWrite("y\ny\ny\n"u8); // three lines in one write: each is counted
        writer.Flush(TimeSpan.FromSeconds(5));

        Assert.Equal(13, writer.WriteFailedLines);
        Assert.Equal(0, writer.QueueFullLines);
    }

    [Fact]
    public void A_provider_on_a_failing_output_counts_each_lost_line_once_and_reports_nothing_into_it()
    {
        using var provider = new AutoTraderLoggerProvider(new AutoTrader.Observability.Configuration.ObservabilityOptions(), new FailingStream());
        var logger = provider.CreateLogger("t");
        for (var i = 0; i < 5; i++)
        {
            logger.Info("lost", ("i", i));
        }

        // A log_lines_dropped report written into the failing output would be lost and reported
        // in turn, forever: the writer would never be idle, and the count would keep growing.
        Assert.True(provider.Flush(TimeSpan.FromSeconds(10)), "the writer kept writing into the failing output");
        Assert.Equal(5, provider.Statistics.WriteFailedLines);
        Assert.Equal(5, provider.Statistics.DroppedLines);
    }

    [Fact]
    public void A_steady_trickle_into_a_small_queue_loses_nothing_while_the_writer_gathers()
    {
        // 500-byte lines every 2 ms into a 16-line queue: gathering for its whole interval would
        // take in about 25 lines and drop some; a quarter-full queue must end the gathering early.
        var output = new MemoryStream();
        var line = Encoding.UTF8.GetBytes(new string('z', 499) + "\n");
        using (var writer = new LogLineWriter(output, 16 * line.Length))
        {
            for (var i = 0; i < 100; i++)
            {
                writer.TryWrite(line);
                Thread.Sleep(2);
            }

            Assert.True(writer.Flush(TimeSpan.FromSeconds(10)));
            Assert.Equal(0, writer.QueueFullLines);
        }

        Assert.Equal(100 * line.Length, output.Length);
    }

    [Fact]
    public void A_line_larger_than_the_queue_is_dropped_whole_not_torn()
    {
        var output = new MemoryStream();
        using (var writer = new LogLineWriter(output, 4096))
        {
            Assert.False(writer.TryWrite(Encoding.UTF8.GetBytes(new string('y', 5000) + "\n")));
            Assert.True(writer.TryWrite("ok\n"u8));
            Assert.Equal(1, writer.QueueFullLines);
        }

        Assert.Equal("ok\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void The_provider_reports_dropped_lines_as_a_warning_event()
    {
        var slow = new BlockingStream();
        var options = new AutoTrader.Observability.Configuration.ObservabilityOptions();
        options.Logging.QueueCapacityBytes = 4096;
        using var provider = new AutoTraderLoggerProvider(options, slow);
        var logger = provider.CreateLogger("t");
        for (var i = 0; i < 200; i++)
        {
            logger.Info("flood", ("i", i));
        }

        var dropped = provider.Statistics.DroppedLines;
        Assert.True(dropped > 0);
        slow.Release();
        Assert.True(SpinWait.SpinUntil(() => slow.Text.Contains("log_lines_dropped", StringComparison.Ordinal), TimeSpan.FromSeconds(10)));
        Assert.Contains($"\"dropped_count\":{dropped}", slow.Text, StringComparison.Ordinal);
        slow.Dispose();
    }
}
