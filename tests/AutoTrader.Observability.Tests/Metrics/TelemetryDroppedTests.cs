using System.Collections;
using AutoTrader.Observability.Logging;
using AutoTrader.Observability.Tests.Logging;

namespace AutoTrader.Observability.Tests.Metrics;

/// <summary><c>telemetry_dropped_total</c> on a real host's scrape: every log line lost is counted, by reason.</summary>
public sealed class TelemetryDroppedTests
{
    private static readonly (string Signal, string Reason)[] EveryPair =
    [
        ("logs", "queue_full"), ("logs", "write_failed"), ("logs", "format_failed"), ("logs", "export_queue_full"), ("logs", "export_failed"),
        ("traces", "queue_full"), ("traces", "export_failed"), ("metrics", "export_failed"),
    ];

    [Fact]
    public void Every_signal_and_reason_is_on_the_first_scrape_with_its_help_and_type()
    {
        using var host = new TelemetryLossHost(TelemetryLossHost.LogsOnly(), new MemoryStream());

        var scrape = host.Scrape();

        Assert.Contains("# HELP telemetry_dropped_total Telemetry lost before reaching its destination, by signal and reason\n", scrape, StringComparison.Ordinal);
        Assert.Contains("# TYPE telemetry_dropped_total counter\n", scrape, StringComparison.Ordinal);
        Assert.All(EveryPair.Where(p => p.Signal != "traces"), p => Assert.Equal(0, TelemetryLossHost.Dropped(scrape, p.Signal, p.Reason)));
        Assert.All(EveryPair.Where(p => p.Signal == "traces"), p => Assert.True(TelemetryLossHost.Dropped(scrape, p.Signal, p.Reason) >= 0));
        Assert.Equal(EveryPair.Length, scrape.Split('\n').Count(l => l.StartsWith("telemetry_dropped_total{", StringComparison.Ordinal)));
    }

    [Fact]
    public void Lines_an_output_refuses_are_counted_as_write_failed_per_line()
    {
        using var host = new TelemetryLossHost(TelemetryLossHost.LogsOnly(), new FailingStream());
        const int lines = 25;

        for (var i = 0; i < lines; i++)
        {
            host.Logger.Info("scan_completed", ("i", i));
        }

        Assert.True(host.LoggerProvider.Flush(TimeSpan.FromSeconds(10)));
        var scrape = host.Scrape();

        // The host logs lines of its own on start; each of them was refused too.
        var failed = TelemetryLossHost.Dropped(scrape, "logs", "write_failed");
        Assert.True(failed >= lines, $"write_failed {failed}, expected at least {lines}");
        Assert.Equal(host.LoggerProvider.Statistics.WriteFailedLines, failed);
        Assert.Equal(0, TelemetryLossHost.Dropped(scrape, "logs", "queue_full"));
    }

    [Fact]
    public void Lines_a_full_queue_drops_are_counted_as_queue_full()
    {
        var options = TelemetryLossHost.LogsOnly();
        options.Logging.QueueCapacityBytes = 4096;
        using var blocked = new BlockingStream();
        using var host = new TelemetryLossHost(options, blocked);

        for (var i = 0; i < 500; i++)
        {
            host.Logger.Info("flood", ("i", i), ("padding", new string('x', 100)));
        }

        var scrape = host.Scrape();
        var dropped = TelemetryLossHost.Dropped(scrape, "logs", "queue_full");
        Assert.True(dropped > 0, "a 4 KiB queue behind a blocked output took 500 lines of over 100 bytes");
        Assert.Equal(host.LoggerProvider.Statistics.QueueFullLines, dropped);
        Assert.Equal(0, TelemetryLossHost.Dropped(scrape, "logs", "write_failed"));
        blocked.Release();
    }

    [Fact]
    public void Events_that_cannot_be_formatted_are_counted_as_format_failed()
    {
        using var host = new TelemetryLossHost(TelemetryLossHost.LogsOnly(), new MemoryStream());

        host.Logger.Info("scan_completed", ("holders", new UnreadableSequence()));
        host.Logger.Info("scan_completed", ("holders", new UnreadableSequence()));

        Assert.Equal(2, TelemetryLossHost.Dropped(host.Scrape(), "logs", "format_failed"));
    }

    [Fact]
    public void Each_host_counts_the_losses_of_its_own_logger()
    {
        using var failing = new TelemetryLossHost(TelemetryLossHost.LogsOnly(), new FailingStream());
        using var healthy = new TelemetryLossHost(TelemetryLossHost.LogsOnly(), new MemoryStream());

        failing.Logger.Info("scan_completed");
        Assert.True(failing.LoggerProvider.Flush(TimeSpan.FromSeconds(10)));

        Assert.True(TelemetryLossHost.Dropped(failing.Scrape(), "logs", "write_failed") > 0);
        Assert.Equal(0, TelemetryLossHost.Dropped(healthy.Scrape(), "logs", "write_failed"));
    }

    /// <summary>A sequence whose enumeration throws: the line builder cannot write it.</summary>
    private sealed class UnreadableSequence : IEnumerable
    {
        public IEnumerator GetEnumerator() => throw new InvalidOperationException("collection was modified");
    }
}
