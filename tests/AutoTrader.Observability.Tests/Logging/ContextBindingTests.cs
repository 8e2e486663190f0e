using AutoTrader.Observability.Logging;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Tests.Logging;

public sealed class ContextBindingTests
{
    [Fact]
    public void Bound_context_follows_the_call_fields_on_every_line()
    {
        using var capture = new LogCapture();
        var requestLogger = capture.Logger().Bind(("request_id", "req-123"), ("user_id", "user-456"));
        requestLogger.Info("processing_started");
        requestLogger.Error("unexpected_error", ("error_code", 500));

        var lines = capture.Lines();
        Assert.All(lines, l => Assert.Equal("req-123", l.Str("request_id")));
        Assert.All(lines, l => Assert.Equal("user-456", l.Str("user_id")));
        Assert.Equal(
            ["timestamp", "level", "logger", "event", "error_code", "request_id", "user_id", "service", "environment", "version"],
            lines[1].Keys());
    }

    [Fact]
    public void Binding_never_changes_the_parent_logger()
    {
        using var capture = new LogCapture();
        var parent = capture.Logger();
        var child = parent.Bind(("request_id", "r1"));
        _ = child.Bind(("user_id", "u1"));
        parent.Info("from_parent");
        child.Info("from_child");

        var lines = capture.Lines();
        Assert.DoesNotContain("request_id", lines[0].Keys());
        Assert.Equal("r1", lines[1].Str("request_id"));
        Assert.DoesNotContain("user_id", lines[1].Keys());
    }

    [Fact]
    public void Rebinding_a_key_replaces_it_in_the_new_logger_only()
    {
        using var capture = new LogCapture();
        var first = capture.Logger().Bind(("stage", "fetch"));
        var second = first.Bind(("stage", "score"), ("token_symbol", "ETH"));
        first.Info("a");
        second.Info("b");

        var lines = capture.Lines();
        Assert.Equal("fetch", lines[0].Str("stage"));
        Assert.Equal("score", lines[1].Str("stage"));
        Assert.Equal("ETH", lines[1].Str("token_symbol"));
    }

    [Fact]
    public void A_call_field_wins_over_bound_context_with_the_same_key()
    {
        using var capture = new LogCapture();
        capture.Logger().Bind(("token_symbol", "BTC")).Info("override", ("token_symbol", "SOL"));

        var line = capture.Single();
        Assert.Equal("SOL", line.Str("token_symbol"));
        Assert.Single(line.Keys(), k => k == "token_symbol");
    }

    [Fact]
    public void Classic_ilogger_calls_on_a_bound_logger_carry_the_context_too()
    {
        using var capture = new LogCapture();
        capture.Logger().Bind(("request_id", "req-9")).LogWarning("Disk at {Percent}%", 91);

        var line = capture.Single();
        Assert.Equal("req-9", line.Str("request_id"));
        Assert.Equal(91, line.GetProperty("Percent").GetInt32());
        Assert.Equal("Disk at 91%", line.Str("event"));
    }
}
