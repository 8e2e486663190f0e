using System.Text.RegularExpressions;
using AutoTrader.Observability.Tracing;

namespace AutoTrader.Observability.Tests.Tracing;

[Collection(TracingTestGroup.Name)]
public sealed class TraceIdsTests
{
    [Fact]
    public void Outside_a_span_there_are_no_ids()
    {
        Assert.Null(AutoTraderTracing.GetTraceId());
        Assert.Null(AutoTraderTracing.GetSpanId());
    }

    [Fact]
    public void Inside_a_span_the_ids_are_the_spans_W3C_hex_ids()
    {
        using var tracer = new RecordingTracer();

        using var operation = AutoTraderTracing.TraceOperation("scan");

        Assert.Matches(new Regex("^[0-9a-f]{32}$"), AutoTraderTracing.GetTraceId());
        Assert.Matches(new Regex("^[0-9a-f]{16}$"), AutoTraderTracing.GetSpanId());
        Assert.Equal(operation.Activity!.TraceId.ToHexString(), AutoTraderTracing.GetTraceId());
        Assert.Equal(operation.Activity.SpanId.ToHexString(), AutoTraderTracing.GetSpanId());
    }
}
