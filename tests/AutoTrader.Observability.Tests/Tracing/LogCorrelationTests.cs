using System.Text.Json;
using AutoTrader.Observability.Logging;
using AutoTrader.Observability.Tracing;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Tests.Tracing;

[Collection(TracingTestGroup.Name)]
public sealed class LogCorrelationTests
{
    [Fact]
    public void A_line_logged_inside_an_operation_carries_its_trace_and_span_ids()
    {
        using var tracer = new RecordingTracer();
        var output = new MemoryStream();
        string traceId, spanId;

        using (var factory = AutoTraderLogging.CreateFactory(tracer.Options, output))
        {
            var logger = factory.CreateLogger("scanner");
            using var operation = AutoTraderTracing.TraceOperation("scan");
            traceId = operation.Activity!.TraceId.ToHexString();
            spanId = operation.Activity.SpanId.ToHexString();
            logger.Info("scan_started");
        }

        var line = JsonDocument.Parse(output.ToArray()).RootElement;
        Assert.Equal("scan_started", line.GetProperty("event").GetString());
        Assert.Equal(traceId, line.GetProperty("trace_id").GetString());
        Assert.Equal(spanId, line.GetProperty("span_id").GetString());
    }
}
