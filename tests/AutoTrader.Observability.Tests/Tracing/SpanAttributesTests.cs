using System.Diagnostics;
using AutoTrader.Observability.Tracing;

namespace AutoTrader.Observability.Tests.Tracing;

[Collection(TracingTestGroup.Name)]
public sealed class SpanAttributesTests
{
    [Fact]
    public void Attributes_added_to_the_current_span_keep_their_types()
    {
        using var tracer = new RecordingTracer();

        using (AutoTraderTracing.TraceOperation("data_fetch"))
        {
            AutoTraderTracing.AddSpanAttributes(("records_fetched", 12), ("cache_hit", true), ("latency_seconds", 0.25), ("source", "coingecko"), ("total", 12L));
        }

        var span = tracer.Single("data_fetch");
        Assert.IsType<long>(span.GetTagItem("records_fetched"));
        Assert.Equal(12L, span.GetTagItem("records_fetched"));
        Assert.Equal(true, span.GetTagItem("cache_hit"));
        Assert.Equal(0.25, span.GetTagItem("latency_seconds"));
        Assert.Equal("coingecko", span.GetTagItem("source"));
        Assert.Equal(12L, span.GetTagItem("total"));
    }

    [Fact]
    public void Attributes_named_in_redact_fields_are_redacted_ignoring_case_wherever_they_were_set()
    {
        using var tracer = new RecordingTracer();

        using (AutoTraderTracing.TraceOperation("llm_call", ("API_KEY", "sk-live-123"), ("model", "gpt")))
        {
            AutoTraderTracing.AddSpanAttributes(("Password", "hunter2"), ("token", 42), ("token_symbol", "BTC"));
        }

        var span = tracer.Single("llm_call");
        Assert.Equal("[REDACTED]", span.GetTagItem("API_KEY"));
        Assert.Equal("[REDACTED]", span.GetTagItem("Password"));
        Assert.Equal("[REDACTED]", span.GetTagItem("token"));
        Assert.Equal("gpt", span.GetTagItem("model"));
        Assert.Equal("BTC", span.GetTagItem("token_symbol"));
    }

    [Fact]
    public void The_configured_redact_fields_replace_the_default_list()
    {
        using var tracer = new RecordingTracer(o => o.Logging.RedactFields = ["wallet"]);

        using (AutoTraderTracing.TraceOperation("transfer", ("Wallet", "0xabc"), ("password", "kept")))
        {
        }

        var span = tracer.Single("transfer");
        Assert.Equal("[REDACTED]", span.GetTagItem("Wallet"));
        Assert.Equal("kept", span.GetTagItem("password"));
    }

    [Fact]
    public void Adding_attributes_outside_a_span_does_nothing()
    {
        using var tracer = new RecordingTracer();
        Assert.Null(Activity.Current);

        AutoTraderTracing.AddSpanAttributes(("records_fetched", 12)); // neither throws nor keeps them

        using (AutoTraderTracing.TraceOperation("data_fetch"))
        {
        }

        Assert.Null(tracer.Single("data_fetch").GetTagItem("records_fetched"));
    }
}
