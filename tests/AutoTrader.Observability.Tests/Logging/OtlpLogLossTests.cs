using System.Net;
using System.Text;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using AutoTrader.Observability.Tests.Metrics;
using AutoTrader.Observability.Tests.Otlp;

namespace AutoTrader.Observability.Tests.Logging;

/// <summary>Log records lost on their way over OTLP are counted on <c>/metrics</c>; the console still gets every line.</summary>
public sealed class OtlpLogLossTests
{
    [Fact]
    public void Records_of_a_refused_export_are_counted_as_export_failed()
    {
        using var receiver = new OtlpReceiver { Status = HttpStatusCode.BadRequest };
        var stdout = new MemoryStream();
        using var host = new TelemetryLossHost(Options(receiver), stdout);
        var (sentBefore, failedBefore) = Settle(host, receiver); // the host's own start-up lines
        const int events = 25;

        for (var i = 0; i < events; i++)
        {
            host.Logger.Info("scan_completed", ("i", i));
        }

        host.LoggerProvider.Flush(TimeSpan.FromSeconds(10));
        var scrape = host.Scrape();

        Assert.Equal(events, Received(receiver) - sentBefore);
        Assert.Equal(events, TelemetryLossHost.Dropped(scrape, "logs", "export_failed") - failedBefore);
        Assert.Equal(0, TelemetryLossHost.Dropped(scrape, "logs", "export_queue_full"));
        Assert.Equal(events, Lines(stdout).Count(l => l.Contains("scan_completed", StringComparison.Ordinal)));
    }

    [Fact]
    public void Records_past_a_full_export_queue_are_dropped_and_counted_as_export_queue_full_without_blocking_the_console()
    {
        using var receiver = new OtlpReceiver();
        var options = Options(receiver);
        options.Performance.LogMaxQueueSize = 8;
        options.Performance.LogBatchSize = 4;
        var stdout = new MemoryStream();
        using var host = new TelemetryLossHost(options, stdout);
        var (sentBefore, _) = Settle(host, receiver);
        receiver.Hold.Reset(); // the backend takes the next batch and does not answer yet
        const int events = 50;

        for (var i = 0; i < events; i++)
        {
            host.Logger.Info("scan_completed", ("i", i));
        }

        var dropped = TelemetryLossHost.Dropped(host.Scrape(), "logs", "export_queue_full");
        receiver.Hold.Set();
        host.LoggerProvider.Flush(TimeSpan.FromSeconds(10));

        Assert.Equal(events - options.Performance.LogMaxQueueSize, dropped);
        Assert.Equal(options.Performance.LogMaxQueueSize, Received(receiver) - sentBefore);
        Assert.Equal(events, Lines(stdout).Count(l => l.Contains("scan_completed", StringComparison.Ordinal)));
        Assert.Equal(0, TelemetryLossHost.Dropped(host.Scrape(), "logs", "queue_full"));
    }

    private static ObservabilityOptions Options(OtlpReceiver receiver)
    {
        var options = TelemetryLossHost.LogsOnly();
        options.Logging.Exporters.Otlp.Enabled = true;
        options.Logging.Exporters.Otlp.Endpoint = receiver.Url;
        options.Logging.Exporters.Otlp.Protocol = "http/protobuf";
        return options;
    }

    /// <summary>Sends what the host logged while starting; returns the records received and failed so far.</summary>
    private static (int Received, double Failed) Settle(TelemetryLossHost host, OtlpReceiver receiver)
    {
        host.LoggerProvider.Flush(TimeSpan.FromSeconds(10));
        return (Received(receiver), TelemetryLossHost.Dropped(host.Scrape(), "logs", "export_failed"));
    }

    private static int Received(OtlpReceiver receiver) => receiver.To("/v1/logs").Sum(r => OtlpRequests.LogRecordCount(r.Body));

    private static string[] Lines(MemoryStream stdout) => Encoding.UTF8.GetString(stdout.ToArray()).Split('\n');
}
