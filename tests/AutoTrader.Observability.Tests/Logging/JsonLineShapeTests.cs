using System.Text.Json;
using AutoTrader.Observability.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AutoTrader.Observability.Tests.Logging;

public sealed class JsonLineShapeTests
{
    [Fact]
    public void A_line_has_the_guide_keys_in_order_with_fields_flat_between_event_and_service()
    {
        using var capture = new LogCapture();
        capture.Logger("AutoTrader.Core.Pipeline").Info(
            "scan_completed",
            ("token_symbol", "BTC"),
            ("gem_score", 85.5),
            ("confidence", 0.92),
            ("duration_seconds", 2.3));

        var line = capture.Single();
        Assert.Equal(
            ["timestamp", "level", "logger", "event", "token_symbol", "gem_score", "confidence", "duration_seconds", "service", "environment", "version"],
            line.Keys());
        Assert.Equal("INFO", line.Str("level"));
        Assert.Equal("AutoTrader.Core.Pipeline", line.Str("logger"));
        Assert.Equal("scan_completed", line.Str("event"));
        Assert.Equal("autotrader", line.Str("service"));
        Assert.Equal("test", line.Str("environment"));
        Assert.Equal("9.9.9", line.Str("version"));
    }

    [Fact]
    public void Timestamp_is_utc_iso8601_with_milliseconds_and_z()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 10, 8, 12, 30, 45, 123, TimeSpan.FromHours(2)));
        using var capture = new LogCapture(time: clock);
        capture.Logger().Info("tick");

        Assert.Equal("2025-10-08T10:30:45.123Z", capture.Single().Str("timestamp"));
    }

    [Fact]
    public void Consecutive_events_across_seconds_days_and_years_carry_their_own_time()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 12, 31, 23, 59, 59, 998, TimeSpan.Zero));
        using var capture = new LogCapture(time: clock);
        var logger = capture.Logger();
        logger.Info("a");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        logger.Info("b");
        clock.Advance(TimeSpan.FromMilliseconds(6));
        logger.Info("c");

        Assert.Equal(
            ["2025-12-31T23:59:59.998Z", "2025-12-31T23:59:59.999Z", "2026-01-01T00:00:00.005Z"],
            capture.Lines().Select(l => l.Str("timestamp")));
    }

    [Fact]
    public void Fields_keep_their_json_types()
    {
        using var capture = new LogCapture();
        capture.Logger().Info(
            "typed",
            ("text", "BTC"),
            ("count", 42),
            ("big", long.MaxValue),
            ("ratio", 0.25),
            ("flag", true),
            ("nothing", (string?)null),
            ("money", 12.50m),
            ("list", new[] { 1, 2 }),
            ("map", new Dictionary<string, object?> { ["a"] = 1, ["b"] = "x" }));

        var line = capture.Single();
        Assert.Equal(JsonValueKind.String, line.GetProperty("text").ValueKind);
        Assert.Equal(42, line.GetProperty("count").GetInt32());
        Assert.Equal(long.MaxValue, line.GetProperty("big").GetInt64());
        Assert.Equal(0.25, line.GetProperty("ratio").GetDouble());
        Assert.Equal(JsonValueKind.True, line.GetProperty("flag").ValueKind);
        Assert.Equal(JsonValueKind.Null, line.GetProperty("nothing").ValueKind);
        Assert.Equal(12.50m, line.GetProperty("money").GetDecimal());
        Assert.Equal([1, 2], line.GetProperty("list").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("x", line.GetProperty("map").Str("b"));
    }

    [Fact]
    public void Doubles_are_written_as_the_shortest_round_trip_text_the_runtime_gives()
    {
        // Durations from ticks (under 100 us too, written with an exponent), negative and whole
        // values, the edges of the integer fast path, and values it must leave to the runtime (too
        // small, too large, more than seven decimals).
        var random = new Random(20261129);
        double[] edges = [0.0001, 0.00009999999, 0.00001, 0.0000999, 0.00005, 0.0000508, 0.0000001, 0.00000005, 1.5e-7, 99_999_999.9999999, 100_000_000, 1e15, 1.0, 2.3, 85.5, 0.1 + 0.2, 1.0 / 3, -0.0011456, -42, double.Epsilon, double.MaxValue, -0.0];
        var values = edges
            .Concat(Enumerable.Range(0, 3000).Select(_ => TimeSpan.FromTicks(random.NextInt64(0, TimeSpan.TicksPerMinute)).TotalSeconds))
            .Concat(Enumerable.Range(0, 1200).Select(ticks => TimeSpan.FromTicks(ticks).TotalSeconds * (ticks % 7 == 0 ? -1 : 1)))
            .Concat(Enumerable.Range(0, 3000).Select(_ => random.NextInt64(1, 1_000_000_000_000_000) / 1e7 * (random.Next(2) == 0 ? 1 : -1)))
            .Concat(Enumerable.Range(0, 3000).Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64()) is var d && double.IsFinite(d) ? d : 0.5))
            .ToArray();
        using var capture = new LogCapture();
        var logger = capture.Logger();
        foreach (var value in values)
        {
            logger.Info("number", ("x", value));
        }

        var written = capture.RawLines().Select(line => line[(line.IndexOf("\"x\":", StringComparison.Ordinal) + 4)..line.IndexOf(",\"service\"", StringComparison.Ordinal)]);
        Assert.Equal(values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)), written);
    }

    [Fact]
    public void Non_finite_doubles_are_written_as_strings_so_the_line_stays_json()
    {
        using var capture = new LogCapture();
        capture.Logger().Info("odd", ("nan", double.NaN), ("inf", double.PositiveInfinity), ("ninf", double.NegativeInfinity));

        var line = capture.Single();
        Assert.Equal("NaN", line.Str("nan"));
        Assert.Equal("Infinity", line.Str("inf"));
        Assert.Equal("-Infinity", line.Str("ninf"));
    }

    [Theory]
    [InlineData(LogLevel.Trace, "DEBUG")]
    [InlineData(LogLevel.Debug, "DEBUG")]
    [InlineData(LogLevel.Information, "INFO")]
    [InlineData(LogLevel.Warning, "WARNING")]
    [InlineData(LogLevel.Error, "ERROR")]
    [InlineData(LogLevel.Critical, "CRITICAL")]
    public void Levels_are_written_with_the_guide_names(LogLevel level, string expected)
    {
        using var capture = new LogCapture(o => o.Logging.Level = "DEBUG");
        capture.Logger().LogEvent(level, null, "leveled");

        // Trace is below DEBUG, the lowest configurable level, so it is filtered out.
        var lines = capture.Lines();
        if (level == LogLevel.Trace)
        {
            Assert.Empty(lines);
        }
        else
        {
            Assert.Equal(expected, Assert.Single(lines).Str("level"));
        }
    }

    [Fact]
    public void The_six_level_methods_write_their_level()
    {
        using var capture = new LogCapture();
        var logger = capture.Logger();
        logger.Debug("debug_info", ("detail", "..."));
        logger.Info("operation_success");
        logger.Warning("degraded_performance");
        logger.Error("operation_failed");
        logger.Critical("system_failure");
        logger.Exception(new InvalidOperationException("boom"), "unhandled_exception");

        Assert.Equal(
            ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", "ERROR"],
            capture.Lines().Select(l => l.Str("level")));
    }

    [Fact]
    public void Events_below_the_configured_level_are_not_written()
    {
        using var capture = new LogCapture(o => o.Logging.Level = "WARNING");
        var logger = capture.Logger();
        logger.Info("hidden");
        logger.Warning("shown");

        Assert.Equal("shown", capture.Single().Str("event"));
    }

    [Fact]
    public void A_field_named_like_a_reserved_key_is_prefixed_instead_of_overwriting_it()
    {
        using var capture = new LogCapture();
        capture.Logger().Info("collide", ("level", "high"), ("service", "other"), ("event", "x"));

        var line = capture.Single();
        Assert.Equal("INFO", line.Str("level"));
        Assert.Equal("high", line.Str("_level"));
        Assert.Equal("autotrader", line.Str("service"));
        Assert.Equal("other", line.Str("_service"));
        Assert.Equal("x", line.Str("_event"));
        Assert.Equal(line.Keys().Count, line.Keys().Distinct().Count());
    }

    [Fact]
    public void A_repeated_field_is_written_once_with_its_first_value()
    {
        using var capture = new LogCapture();
        capture.Logger().Info("dup", ("k", 1), ("k", 2));

        var line = capture.Single();
        Assert.Equal(1, line.GetProperty("k").GetInt32());
        Assert.Single(line.Keys(), k => k == "k");
    }

    [Fact]
    public void Every_line_ends_with_one_newline_and_holds_no_other()
    {
        using var capture = new LogCapture();
        capture.Logger().Info("multi\nline event", ("v", "a\nb\r\nc"));

        var raw = Assert.Single(capture.RawLines());
        Assert.DoesNotContain('\n', raw);
        Assert.Equal("multi\nline event", JsonDocument.Parse(raw).RootElement.Str("event"));
    }
}
