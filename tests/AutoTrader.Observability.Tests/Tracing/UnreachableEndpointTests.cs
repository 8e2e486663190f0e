using System.Net;
using System.Net.Sockets;
using AutoTrader.Observability.Tests.Metrics;
using AutoTrader.Observability.Tracing;

namespace AutoTrader.Observability.Tests.Tracing;

[Collection(TracingTestGroup.Name)]
public sealed class UnreachableEndpointTests
{
    [Theory]
    [InlineData("grpc")]
    [InlineData("http/protobuf")]
    public async Task A_hanging_OTLP_endpoint_throws_nothing_into_the_app_and_drops_past_the_queue_counting_each(string protocol)
    {
        using var endpoint = new SilentTcpEndpoint();
        var options = TinyQueueTo(endpoint, protocol);
        options.Performance.SpanExportDelaySeconds = 0.05;
        var provider = AutoTraderTracing.CreateTracerProvider(options);
        const int spans = 2_000;
        var droppedBefore = TraceExportStatistics.DroppedSpans;

        for (var i = 0; i < spans; i++)
        {
            using var operation = AutoTraderTracing.TraceOperation("scan");
            await AutoTraderTracing.TraceAsync(() => Task.CompletedTask, "fetch");
        }

        var dropped = TraceExportStatistics.DroppedSpans - droppedBefore;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (endpoint.Connections == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(endpoint.Connections > 0, "the exporter never tried the endpoint");
        // Two spans per iteration; at most a full queue plus the batches already handed to the
        // hanging exporter can have escaped the drop count.
        Assert.InRange(dropped, (2 * spans) - 200, 2 * spans);
        provider.Dispose();
    }

    [Fact]
    public void The_spans_the_export_queue_drops_are_counted_on_the_metrics_endpoint()
    {
        using var endpoint = new SilentTcpEndpoint();
        var options = TinyQueueTo(endpoint, "grpc");
        using var metrics = new MetricsTestPipeline(options);
        var provider = AutoTraderTracing.CreateTracerProvider(options);
        const int spans = 1_000;

        for (var i = 0; i < spans; i++)
        {
            using var operation = AutoTraderTracing.TraceOperation("scan");
        }

        var dropped = metrics.Scrape().Split('\n')
            .Where(line => line.StartsWith("otel_sdk_processor_span_processed_total{", StringComparison.Ordinal) && line.Contains("error_type=\"queue_full\"", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

        // What the queue and the batch handed to the hanging exporter hold escaped the drop.
        Assert.InRange(dropped, spans - 100, spans);
        provider.Dispose();
    }

    /// <summary>Every span sampled and exported to <paramref name="endpoint"/> through a queue of 16 in batches of 4.</summary>
    private static AutoTrader.Observability.Configuration.ObservabilityOptions TinyQueueTo(SilentTcpEndpoint endpoint, string protocol)
    {
        var options = new AutoTrader.Observability.Configuration.ObservabilityOptions();
        options.Tracing.Sampling.Strategy = "always_on";
        options.Tracing.Exporters.Otlp.Enabled = true;
        options.Tracing.Exporters.Otlp.Endpoint = $"http://127.0.0.1:{endpoint.Port}";
        options.Tracing.Exporters.Otlp.Protocol = protocol;
        options.Performance.SpanMaxQueueSize = 16;
        options.Performance.SpanBatchSize = 4;
        options.Performance.ExportTimeoutSeconds = 2;
        return options;
    }

    /// <summary>Accepts connections and never answers, like a hung collector.</summary>
    private sealed class SilentTcpEndpoint : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _accepted = [];
        private readonly CancellationTokenSource _stop = new();
        private int _connections;

        public SilentTcpEndpoint()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref _connections);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_accepted)
            {
                _accepted.ForEach(s => s.Dispose());
            }
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var socket = await _listener.AcceptSocketAsync(_stop.Token);
                    Interlocked.Increment(ref _connections);
                    lock (_accepted)
                    {
                        _accepted.Add(socket);
                    }
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
            }
        }
    }
}
