using System.Net;
using System.Net.Sockets;
using System.Text;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tests.Metrics;
using AutoTrader.Observability.Tracing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.Tests.Tracing;

/// <summary>
/// Spans an OTLP endpoint does not take are counted on the host's scrape as
/// <c>telemetry_dropped_total{signal="traces",reason="export_failed"}</c>; the SDK counts them as
/// processed without an error.
/// </summary>
[Collection(TracingTestGroup.Name)]
public sealed class SpanExportFailureTests
{
    private const int Spans = 12;

    [Fact]
    public void Spans_an_OTLP_endpoint_answers_500_for_are_counted_as_export_failed_and_were_sent_with_the_service_resource()
    {
        using var endpoint = new AnsweringHttpEndpoint(HttpStatusCode.InternalServerError);
        var options = ExportingTo($"http://127.0.0.1:{endpoint.Port}", "http/protobuf");
        options.ServiceName = "loss-test-service";

        var failed = ExportFailedAfterTracing(options);

        Assert.Equal(Spans, failed);
        Assert.True(endpoint.Requests > 0, "the exporter never reached the endpoint");
        Assert.Contains("loss-test-service", endpoint.Bodies, StringComparison.Ordinal); // the subclassed exporter still gets the provider's resource
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("http/protobuf")]
    public void Spans_for_an_endpoint_that_refuses_connections_are_counted_as_export_failed(string protocol)
    {
        var failed = ExportFailedAfterTracing(ExportingTo($"http://127.0.0.1:{ClosedPort()}", protocol));

        Assert.Equal(Spans, failed);
    }

    [Fact]
    public void No_span_is_counted_while_the_endpoint_takes_them()
    {
        using var endpoint = new AnsweringHttpEndpoint(HttpStatusCode.OK);

        var failed = ExportFailedAfterTracing(ExportingTo($"http://127.0.0.1:{endpoint.Port}", "http/protobuf"));

        Assert.Equal(0, failed);
        Assert.True(endpoint.Requests > 0, "the exporter never reached the endpoint");
    }

    /// <summary>Builds a host with metrics and tracing, ends <see cref="Spans"/> spans, flushes them out and reads the count from its scrape.</summary>
    private static double ExportFailedAfterTracing(ObservabilityOptions options)
    {
        using var host = new TelemetryLossHost(options, new MemoryStream());
        var tracer = host.Services.GetRequiredService<TracerProvider>();
        for (var i = 0; i < Spans; i++)
        {
            using var span = AutoTraderTracing.TraceOperation("scan", ("token_symbol", "BTC"));
        }

        Assert.True(tracer.ForceFlush(30_000), "the spans were not handed to the exporter");
        return TelemetryLossHost.Dropped(host.Scrape(), "traces", "export_failed");
    }

    private static ObservabilityOptions ExportingTo(string endpoint, string protocol)
    {
        var options = new ObservabilityOptions();
        options.Tracing.Sampling.Strategy = "always_on";
        options.Tracing.Exporters.Otlp.Enabled = true;
        options.Tracing.Exporters.Otlp.Endpoint = endpoint;
        options.Tracing.Exporters.Otlp.Protocol = protocol;
        options.Performance.ExportTimeoutSeconds = 2;
        return options;
    }

    /// <summary>A loopback port nothing listens on: connecting to it is refused.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>An HTTP/1.1 endpoint that reads each request whole and answers it with one status (500: a failing collector).</summary>
    private sealed class AnsweringHttpEndpoint : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly StringBuilder _bodies = new();
        private int _requests;

        private readonly byte[] _response;

        public AnsweringHttpEndpoint(HttpStatusCode status)
        {
            _response = Encoding.ASCII.GetBytes($"HTTP/1.1 {(int)status} {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Requests => Volatile.Read(ref _requests);

        /// <summary>The request bodies received, read as Latin-1 so that the protobuf's strings show.</summary>
        public string Bodies
        {
            get
            {
                lock (_bodies)
                {
                    return _bodies.ToString();
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    _ = AnswerAsync(client);
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
            }
        }

        private async Task AnswerAsync(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                var received = new List<byte>();
                var buffer = new byte[8192];
                int headerEnd;
                while ((headerEnd = IndexOfHeaderEnd(received)) < 0)
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    received.AddRange(buffer.AsSpan(0, read));
                }

                var headers = Encoding.ASCII.GetString([.. received.Take(headerEnd)]);
                var length = headers.Split("\r\n").Select(h => h.Split(':', 2)).Where(h => h.Length == 2 && h[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    .Select(h => int.Parse(h[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                while (received.Count < headerEnd + 4 + length)
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    received.AddRange(buffer.AsSpan(0, read));
                }

                lock (_bodies)
                {
                    _bodies.Append(Encoding.Latin1.GetString([.. received.Skip(headerEnd + 4)]));
                }

                Interlocked.Increment(ref _requests);
                await stream.WriteAsync(_response, _stop.Token);
            }
        }

        private static int IndexOfHeaderEnd(List<byte> received)
        {
            for (var i = 0; i + 3 < received.Count; i++)
            {
                if (received[i] == '\r' && received[i + 1] == '\n' && received[i + 2] == '\r' && received[i + 3] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
