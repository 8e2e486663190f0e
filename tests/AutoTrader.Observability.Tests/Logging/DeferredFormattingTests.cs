using System.Diagnostics;
using System.Text;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AutoTrader.Observability.Tests.Logging;

/// <summary>
/// Structured events are captured on the caller's thread and formatted by the log writer: the
/// line must be the one formatting in place gives, with every value as it was at the call.
/// </summary>
public sealed class DeferredFormattingTests : IDisposable
{
    private readonly SampledActivitySource _source = new("AutoTrader.Tests.DeferredFormatting");

    public static TheoryData<string> Events => new(EventCases.Keys);

    private static readonly Dictionary<string, Action<LoggerExternalScopeProvider, List<LogField>>> EventCases = new()
    {
        ["every field kind"] = (_, f) => f.AddRange([
            ("s", "text"), ("i", 42), ("l", long.MinValue), ("d", 85.5), ("tiny", 1e-300), ("nan", double.NaN),
            ("f", 0.1f), ("b", true), ("none", (string?)null), ("m", (object)12.30m), ("g", (object)Guid.Empty),
            ("t", (object)TimeSpan.FromSeconds(1.5)), ("when", (object)new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc)),
            ("level_of", (object)LogLevel.Warning), ("u", (object)ulong.MaxValue)]),
        ["hostile text"] = (_, f) => f.AddRange([
            ("quote\"key", "a \"quoted\" \\ value\nwith a newline\t\u0001"), ("unicode", "日本語 ☃ 🚀"),
            ("lone", "bad \uD800 surrogate"), ("\uDC00key", "x")]),
        ["reserved, redacted and repeated keys"] = (s, f) =>
        {
            f.AddRange([("level", "mine"), ("password", "hunter2"), ("k", 1), ("k", 2), ("trace_id", "given")]);
            s.Push(new List<KeyValuePair<string, object?>> { new("k", 3), new("API_KEY", "sk-1"), new("event", "e") });
        },
        ["scopes of every kind"] = (s, f) =>
        {
            f.Add(("field", 1));
            s.Push(new List<KeyValuePair<string, object?>> { new("RequestId", "0HN:1"), new("{OriginalFormat}", "x {y}"), new("n", (short)7), new("h", 2.5f) });
            s.Push(new Dictionary<string, object?> { ["from_dictionary"] = "v", ["scope"] = "taken" });
            s.Push("a plain scope");
            s.Push(12345);
        },
        ["plain scope without a collision"] = (s, _) => s.Push("only scope"),
        ["no fields"] = (_, _) => { },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void A_captured_event_formats_to_the_bytes_formatting_in_place_gives(string name)
    {
        var scopes = new LoggerExternalScopeProvider();
        var fields = new List<LogField>();
        EventCases[name](scopes, fields);
        var settings = new LogLineSettings("svc", "env", "1.0", ["password", "api_key"], new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000.5)));
        var category = System.Text.Json.JsonEncodedText.Encode("AutoTrader.Tests", LogLineSettings.Encoder);
        var context = BoundContext.Create(null, [("bound", "ctx"), ("field", "shadowed by the event's own")]);
        var state = new StructuredLogState("the_event", [.. fields], fields.Count, context);

        using var span = _source.StartActivity("around");
        var inPlace = JsonLineBuilder.Acquire();
        var expected = Encoding.UTF8.GetString(inPlace.Build(settings, category, LogLevel.Warning, default, ref state, null, StructuredLogState.Formatter, scopes));
        inPlace.Release();

        using var writer = new LogLineWriter(Stream.Null, 1 << 16);
        var entry = new LogEntry(writer);
        Assert.True(entry.TryCapture(settings, category, LogLevel.Warning, in state, scopes), "every value here can be captured");
        var captured = Encoding.UTF8.GetString(JsonLineBuilder.Create().Build(entry));

        Assert.Equal(expected, captured);
        Assert.Contains(span!.SpanId.ToHexString(), captured, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_can_change_after_the_call_is_not_captured()
    {
        var settings = new LogLineSettings("svc", "env", "1.0", [], TimeProvider.System);
        using var writer = new LogLineWriter(Stream.Null, 1 << 16);
        var state = new StructuredLogState("e", [("items", (object)new List<int> { 1 })], 1, null);
        Assert.False(new LogEntry(writer).TryCapture(settings, default, LogLevel.Information, in state, new LoggerExternalScopeProvider()));

        var scopes = new LoggerExternalScopeProvider();
        scopes.Push(new Dictionary<string, object?> { ["tags"] = new Dictionary<string, string>() });
        var plain = new StructuredLogState("e", [], 0, null);
        Assert.False(new LogEntry(writer).TryCapture(settings, default, LogLevel.Information, in plain, scopes));
    }

    [Fact]
    public void A_line_the_writer_formats_later_shows_the_time_trace_and_values_of_the_call()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 10, 8, 10, 30, 45, 123, TimeSpan.Zero));
        using var output = new BlockingStream();
        using var provider = new AutoTraderLoggerProvider(new ObservabilityOptions(), output, clock);
        var logger = provider.CreateLogger("t");

        logger.Info("first");
        Assert.True(output.WaitForWrite(TimeSpan.FromSeconds(10)), "the writer took the first line");

        // The writer is stuck writing "first": whatever is logged now waits in the queue unformatted.
        var items = new List<int> { 1, 2 };
        var tags = new Dictionary<string, object?> { ["stage"] = "fetch" };
        string traceId, spanId;
        using (var span = _source.StartActivity("call"))
        {
            traceId = span!.TraceId.ToHexString();
            spanId = span.SpanId.ToHexString();
            using (logger.BeginScope(new Dictionary<string, object?> { ["tags"] = tags }))
            {
                logger.Info("second", ("n", 7), ("items", (object)items));
            }
        }

        clock.Advance(TimeSpan.FromSeconds(5));
        items.Add(3);
        tags["stage"] = "changed";
        using (_source.StartActivity("later"))
        {
            output.Release();
            Assert.True(provider.Flush(TimeSpan.FromSeconds(10)));
        }

        var second = output.Text.Split('\n')[1];
        Assert.Contains("\"timestamp\":\"2025-10-08T10:30:45.123Z\"", second, StringComparison.Ordinal);
        Assert.Contains("\"items\":[1,2]", second, StringComparison.Ordinal);
        Assert.Contains("\"tags\":{\"stage\":\"fetch\"}", second, StringComparison.Ordinal);
        Assert.Contains($"\"trace_id\":\"{traceId}\",\"span_id\":\"{spanId}\"", second, StringComparison.Ordinal);
    }

    [Fact]
    public void Captured_and_in_place_lines_of_one_thread_keep_its_order()
    {
        using var capture = new LogCapture();
        var logger = capture.Logger();
        var error = new InvalidOperationException("boom");
        for (var i = 0; i < 300; i++)
        {
            switch (i % 3)
            {
                case 0:
                    logger.Info("e", ("i", i));
                    break;
                case 1:
                    logger.Exception(error, "e", ("i", i));
                    break;
                default:
                    logger.Info("e", ("i", i), ("list", (object)new[] { i }));
                    break;
            }
        }

        Assert.Equal(Enumerable.Range(0, 300), capture.Lines().Select(l => l.GetProperty("i").GetInt32()));
    }

    [Fact]
    public void A_writer_that_falls_behind_has_callers_format_in_place_and_keeps_every_line_in_order()
    {
        // A 16 KiB queue has 16 entries for captured events: with the output blocked, the events
        // after them are formatted on the caller, between captured ones as they come free.
        using var output = new BlockingStream();
        var options = new ObservabilityOptions();
        options.Logging.QueueCapacityBytes = 16 * 1024;
        using var provider = new AutoTraderLoggerProvider(options, output);
        var logger = provider.CreateLogger("t");
        logger.Info("first");
        Assert.True(output.WaitForWrite(TimeSpan.FromSeconds(10)), "the writer took the first line");
        for (var i = 0; i < 40; i++)
        {
            logger.Info("e", ("i", i));
        }

        output.Release();
        Assert.True(provider.Flush(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, provider.Statistics.DroppedLines);
        var numbered = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("i").GetInt32());
        Assert.Equal(Enumerable.Range(0, 40), numbered);
    }

    public void Dispose() => _source.Dispose();
}
