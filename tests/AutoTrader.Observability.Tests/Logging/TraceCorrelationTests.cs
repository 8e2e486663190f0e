using System.Diagnostics;
using AutoTrader.Observability.Logging;

namespace AutoTrader.Observability.Tests.Logging;

public sealed class TraceCorrelationTests : IDisposable
{
    private readonly SampledActivitySource _source = new("AutoTrader.Tests.TraceCorrelation");

    [Fact]
    public void Lines_logged_inside_a_span_carry_its_w3c_trace_and_span_ids()
    {
        using var capture = new LogCapture();
        var logger = capture.Logger();
        string traceId, parentSpan, childSpan;
        using (var parent = _source.StartActivity("scan"))
        {
            traceId = parent!.TraceId.ToHexString();
            parentSpan = parent.SpanId.ToHexString();
            logger.Info("in_parent");
            using (var child = _source.StartActivity("fetch"))
            {
                childSpan = child!.SpanId.ToHexString();
                logger.Info("in_child");
            }
        }

        logger.Info("outside");

        var lines = capture.Lines();
        Assert.Equal(traceId, lines[0].Str("trace_id"));
        Assert.Equal(parentSpan, lines[0].Str("span_id"));
        Assert.Equal(traceId, lines[1].Str("trace_id"));
        Assert.Equal(childSpan, lines[1].Str("span_id"));
        Assert.Matches("^[0-9a-f]{32}$", lines[0].Str("trace_id"));
        Assert.Matches("^[0-9a-f]{16}$", lines[0].Str("span_id"));
        Assert.DoesNotContain("trace_id", lines[2].Keys());
        Assert.DoesNotContain("span_id", lines[2].Keys());
    }

    [Fact]
    public void Trace_ids_sit_between_the_fields_and_the_service_keys()
    {
        using var capture = new LogCapture();
        using (_source.StartActivity("scan"))
        {
            capture.Logger().Info("e", ("k", 1));
        }

        Assert.Equal(
            ["timestamp", "level", "logger", "event", "k", "trace_id", "span_id", "service", "environment", "version"],
            capture.Single().Keys());
    }

    [Fact]
    public void Explicit_trace_id_fields_are_not_duplicated()
    {
        using var capture = new LogCapture();
        using (var activity = _source.StartActivity("scan"))
        {
            capture.Logger().Info("processing", ("trace_id", activity!.TraceId.ToHexString()), ("span_id", activity.SpanId.ToHexString()));
        }

        var keys = capture.Single().Keys();
        Assert.Single(keys, k => k == "trace_id");
        Assert.Single(keys, k => k == "span_id");
    }

    public void Dispose() => _source.Dispose();
}
