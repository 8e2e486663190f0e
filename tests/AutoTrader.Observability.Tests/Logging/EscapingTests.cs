using System.Text.Json;
using AutoTrader.Observability.Logging;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Tests.Logging;

public sealed class EscapingTests
{
    public static TheoryData<string> HostileValues() => new()
    {
        "say \"hi\"",
        @"C:\path\to\file",
        "line1\nline2\r\nline3",
        "tab\tbell\u0007nul\0esc\u001b",
        "emoji 🚀 and 𝄞 (non-BMP)",
        "ünïcödé 中文 العربية",
        "</script><!-- \u2028\u2029",
        "lone surrogate \ud800 here",
        "",
    };

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void Any_string_value_round_trips_through_valid_json(string value)
    {
        using var capture = new LogCapture();
        capture.Logger().Info("hostile", ("value", value));

        var raw = Assert.Single(capture.RawLines());
        var parsed = JsonDocument.Parse(raw).RootElement.Str("value");
        Assert.Equal(value.Replace("\ud800", "\ufffd", StringComparison.Ordinal), parsed);
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void Any_key_event_or_logger_name_stays_valid_json(string text)
    {
        using var capture = new LogCapture();
        capture.Logger(text).Info(text, (text + "_key", 1));

        var line = capture.Single();
        Assert.Equal(text.Replace("\ud800", "\ufffd", StringComparison.Ordinal), line.Str("event"));
    }

    [Fact]
    public void A_one_megabyte_value_is_written_whole()
    {
        var big = new string('x', 1024 * 1024 / 2) + "\"\\\n" + new string('é', 1024 * 1024 / 2);
        using var capture = new LogCapture();
        capture.Logger().Info("big", ("payload", big));
        capture.Logger().Info("after");

        var lines = capture.Lines();
        Assert.Equal(big, lines[0].Str("payload"));
        Assert.Equal("after", lines[1].Str("event"));
    }

    [Fact]
    public void Classic_ilogger_messages_with_braces_and_hostile_arguments_stay_valid()
    {
        using var capture = new LogCapture();
        capture.Logger().LogInformation("User {Name} said {Text}", "\"bob\"", "{not a hole}\n");

        var line = capture.Single();
        Assert.Equal("\"bob\"", line.Str("Name"));
        Assert.Equal("User \"bob\" said {not a hole}\n", line.Str("event"));
    }

    [Fact]
    public void Output_is_utf8_without_a_byte_order_mark()
    {
        using var capture = new LogCapture();
        capture.Logger().Info("ünï");

        var raw = capture.RawLines()[0];
        Assert.StartsWith("{", raw, StringComparison.Ordinal);
        Assert.Contains("ünï", raw, StringComparison.Ordinal);
    }
}
