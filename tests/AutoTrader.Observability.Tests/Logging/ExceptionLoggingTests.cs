using System.Runtime.CompilerServices;
using AutoTrader.Observability.Logging;

namespace AutoTrader.Observability.Tests.Logging;

public sealed class ExceptionLoggingTests
{
    [Fact]
    public void An_exception_carries_type_message_stack_trace_and_inner_exceptions()
    {
        using var capture = new LogCapture();
        var thrown = Catch(() => ThrowWrapped());
        capture.Logger().Exception(thrown, "unhandled_exception", ("token_symbol", "BTC"));

        var line = capture.Single();
        Assert.Equal("ERROR", line.Str("level"));
        Assert.Equal("BTC", line.Str("token_symbol"));
        var exception = line.GetProperty("exception");
        Assert.Equal(typeof(InvalidOperationException).FullName, exception.Str("type"));
        Assert.Equal("scan failed", exception.Str("message"));
        Assert.Contains(nameof(ThrowWrapped), exception.Str("stack_trace"), StringComparison.Ordinal);
        var inner = exception.GetProperty("inner");
        Assert.Equal(typeof(TimeoutException).FullName, inner.Str("type"));
        Assert.Equal("upstream timed out", inner.Str("message"));
        Assert.Contains(nameof(ThrowTimeout), inner.Str("stack_trace"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_aggregate_exception_lists_every_inner_exception()
    {
        using var capture = new LogCapture();
        var aggregate = new AggregateException(new ArgumentException("a"), new FormatException("b"));
        capture.Logger().Exception(aggregate, "many_failures");

        var inner = capture.Single().GetProperty("exception").GetProperty("inner_exceptions");
        Assert.Equal(["a", "b"], inner.EnumerateArray().Select(e => e.Str("message")));
    }

    [Fact]
    public void Exceptions_through_the_classic_ilogger_api_are_written_the_same_way()
    {
        using var capture = new LogCapture();
        Microsoft.Extensions.Logging.LoggerExtensions.LogError(capture.Logger(), Catch(ThrowTimeout), "Fetch of {Source} failed", "binance");

        var line = capture.Single();
        Assert.Equal("binance", line.Str("Source"));
        Assert.Equal("upstream timed out", line.GetProperty("exception").Str("message"));
    }

    private static Exception Catch(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            return e;
        }

        throw new InvalidOperationException("expected a throw");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowWrapped()
    {
        try
        {
            ThrowTimeout();
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException("scan failed", e);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTimeout() => throw new TimeoutException("upstream timed out");
}
