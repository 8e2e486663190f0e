using System.Diagnostics;
using AutoTrader.Observability.Tracing;

namespace AutoTrader.Observability.Tests.Tracing;

[Collection(TracingTestGroup.Name)]
public sealed class OperationScopeTests
{
    [Fact]
    public void An_operation_is_a_span_with_its_name_and_typed_attributes()
    {
        using var tracer = new RecordingTracer();

        using (AutoTraderTracing.TraceOperation("data_fetch", ("source", "coingecko"), ("token_symbol", "BTC"), ("limit", 50), ("ratio", 0.5), ("cached", true)))
        {
        }

        var span = tracer.Single("data_fetch");
        Assert.Equal(ActivityKind.Internal, span.Kind);
        Assert.Equal(AutoTraderTracing.SourceName, span.Source.Name);
        Assert.Equal("coingecko", span.GetTagItem("source"));
        Assert.Equal("BTC", span.GetTagItem("token_symbol"));
        Assert.Equal(50L, span.GetTagItem("limit"));
        Assert.Equal(0.5, span.GetTagItem("ratio"));
        Assert.Equal(true, span.GetTagItem("cached"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public void A_nested_operation_is_a_child_of_the_enclosing_one()
    {
        using var tracer = new RecordingTracer();

        using (var outer = AutoTraderTracing.TraceOperation("scan"))
        {
            using var inner = AutoTraderTracing.TraceOperation("fetch");
            Assert.Equal(outer.Activity!.SpanId, inner.Activity!.ParentSpanId);
        }

        var scan = tracer.Single("scan");
        var fetch = tracer.Single("fetch");
        Assert.Equal(scan.TraceId, fetch.TraceId);
        Assert.Equal(scan.SpanId, fetch.ParentSpanId);
        Assert.Null(Activity.Current);
    }

    [Fact]
    public void An_exception_escaping_the_scope_marks_it_failed_and_propagates_unchanged()
    {
        using var tracer = new RecordingTracer();
        var thrown = new InvalidOperationException("source unavailable");

        var caught = Assert.Throws<InvalidOperationException>(() =>
        {
            using var operation = AutoTraderTracing.TraceOperation("data_fetch");
            try
            {
                ThrowIt(thrown);
            }
            catch (Exception ex) when (operation.Fail(ex))
            {
            }
        });

        Assert.Same(thrown, caught);
        Assert.Contains(nameof(ThrowIt), caught.StackTrace);
        var span = tracer.Single("data_fetch");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("source unavailable", span.StatusDescription);
        var exceptionEvent = Assert.Single(span.Events, e => e.Name == "exception");
        var tags = exceptionEvent.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(typeof(InvalidOperationException).FullName, tags["exception.type"]);
        Assert.Equal("source unavailable", tags["exception.message"]);
        Assert.Contains(nameof(ThrowIt), (string)tags["exception.stacktrace"]!);
    }

    [Fact]
    public void A_cancelled_operation_is_recorded_as_cancelled_not_failed()
    {
        using var tracer = new RecordingTracer();

        using (var operation = AutoTraderTracing.TraceOperation("data_fetch"))
        {
            operation.Fail(new OperationCanceledException());
        }

        var span = tracer.Single("data_fetch");
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal(true, span.GetTagItem("cancelled"));
        Assert.DoesNotContain(span.Events, e => e.Name == "exception");
    }

    [Fact]
    public void Without_a_listening_provider_an_operation_is_a_no_op()
    {
        var operation = AutoTraderTracing.TraceOperation("data_fetch", ("token", "BTC"));

        Assert.Null(operation.Activity);
        Assert.False(operation.Fail(new InvalidOperationException()));
        operation.Dispose();
    }

    private static void ThrowIt(Exception exception) => throw exception;
}
