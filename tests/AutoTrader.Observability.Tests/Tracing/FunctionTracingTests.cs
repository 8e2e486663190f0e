using System.Diagnostics;
using AutoTrader.Observability.Tracing;

namespace AutoTrader.Observability.Tests.Tracing;

[Collection(TracingTestGroup.Name)]
public sealed class FunctionTracingTests
{
    [Fact]
    public void A_traced_function_returns_its_value_in_a_span_named_after_the_calling_type_and_method()
    {
        using var tracer = new RecordingTracer();

        var score = AutoTraderTracing.Trace(() => 85.5);

        Assert.Equal(85.5, score);
        tracer.Single($"{nameof(FunctionTracingTests)}.{nameof(A_traced_function_returns_its_value_in_a_span_named_after_the_calling_type_and_method)}");
    }

    [Fact]
    public void A_traced_method_group_is_named_after_its_own_type_and_method()
    {
        using var tracer = new RecordingTracer();

        AutoTraderTracing.Trace(TokenScorer.Score);

        tracer.Single("TokenScorer.Score");
    }

    [Fact]
    public void An_explicit_name_wins()
    {
        using var tracer = new RecordingTracer();

        AutoTraderTracing.Trace(() => { }, "process_token_data");

        tracer.Single("process_token_data");
    }

    [Fact]
    public void A_failing_sync_function_marks_its_span_failed_and_rethrows_the_same_exception()
    {
        using var tracer = new RecordingTracer();
        var thrown = new InvalidOperationException("bad token");

        var caught = Assert.Throws<InvalidOperationException>(() => AutoTraderTracing.Trace<int>(() => throw thrown, "score"));

        Assert.Same(thrown, caught);
        var span = tracer.Single("score");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Contains(span.Events, e => e.Name == "exception");
    }

    [Fact]
    public async Task An_async_span_lasts_until_the_work_completes()
    {
        using var tracer = new RecordingTracer();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var traced = AutoTraderTracing.TraceAsync(() => release.Task, "fetch_api_data");

        Assert.False(traced.IsCompleted);
        Assert.DoesNotContain(tracer.Exported, a => a.DisplayName == "fetch_api_data");
        release.SetResult(7);
        Assert.Equal(7, await traced);
        var span = tracer.Single("fetch_api_data");
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task The_async_overloads_trace_Task_TaskOfT_ValueTask_and_ValueTaskOfT()
    {
        using var tracer = new RecordingTracer();

        await AutoTraderTracing.TraceAsync(async () => await Task.Yield(), "task");
        Assert.Equal(1, await AutoTraderTracing.TraceAsync(async () => { await Task.Yield(); return 1; }, "task_of_t"));
        await AutoTraderTracing.TraceAsync(() => ValueTask.CompletedTask, "value_task");
        Assert.Equal(2, await AutoTraderTracing.TraceAsync(() => new ValueTask<int>(2), "value_task_of_t"));

        foreach (var name in new[] { "task", "task_of_t", "value_task", "value_task_of_t" })
        {
            tracer.Single(name);
        }
    }

    [Fact]
    public async Task Spans_of_an_async_call_chain_are_parent_and_children_and_concurrent_calls_are_siblings()
    {
        using var tracer = new RecordingTracer();

        await AutoTraderTracing.TraceAsync(async () =>
        {
            var first = AutoTraderTracing.TraceAsync(async () => { await Task.Delay(10); return 1; }, "fetch_a");
            var second = AutoTraderTracing.TraceAsync(async () => { await Task.Delay(10); return 2; }, "fetch_b");
            await Task.WhenAll(first, second);
        }, "scan");

        var scan = tracer.Single("scan");
        Assert.Equal(scan.SpanId, tracer.Single("fetch_a").ParentSpanId);
        Assert.Equal(scan.SpanId, tracer.Single("fetch_b").ParentSpanId);
        Assert.Null(Activity.Current);
    }

    [Fact]
    public async Task A_failing_async_function_marks_its_span_failed_and_rethrows_the_same_exception()
    {
        using var tracer = new RecordingTracer();
        var thrown = new HttpRequestException("502");

        var caught = await Assert.ThrowsAsync<HttpRequestException>(() => AutoTraderTracing.TraceAsync<int>(async () =>
        {
            await Task.Yield();
            throw thrown;
        }, "fetch"));

        Assert.Same(thrown, caught);
        var span = tracer.Single("fetch");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Contains(span.Events, e => e.Name == "exception");
    }

    [Fact]
    public async Task A_cancelled_async_function_is_recorded_as_cancelled_not_failed()
    {
        using var tracer = new RecordingTracer();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AutoTraderTracing.TraceAsync(() => Task.Delay(1000, cancellation.Token), "fetch"));

        var span = tracer.Single("fetch");
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal(true, span.GetTagItem("cancelled"));
        Assert.DoesNotContain(span.Events, e => e.Name == "exception");
    }

    private static class TokenScorer
    {
        public static void Score()
        {
        }
    }
}
