using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Tests.Logging;

public sealed class FrameworkLoggingTests
{
    [Fact]
    public void Classic_ilogger_calls_become_lines_of_the_same_shape_with_arguments_flat()
    {
        using var capture = new LogCapture();
        capture.Factory.CreateLogger<FrameworkLoggingTests>().LogInformation(new EventId(7, "Started"), "Now listening on: {Address}", "http://127.0.0.1:9090");

        var line = capture.Single();
        Assert.Equal(["timestamp", "level", "logger", "event", "event_id", "event_name", "Address", "service", "environment", "version"], line.Keys());
        Assert.Equal(typeof(FrameworkLoggingTests).FullName, line.Str("logger"));
        Assert.Equal("Now listening on: http://127.0.0.1:9090", line.Str("event"));
        Assert.Equal("http://127.0.0.1:9090", line.Str("Address"));
    }

    [Fact]
    public void Scopes_add_their_properties_and_plain_scopes_are_listed()
    {
        using var capture = new LogCapture();
        var logger = capture.Logger();
        using (logger.BeginScope(new Dictionary<string, object?> { ["RequestId"] = "0HN1" }))
        using (logger.BeginScope("batch 42"))
        using (logger.BeginScope("order {OrderId}", 7))
        {
            logger.Info("scoped");
        }

        var line = capture.Single();
        Assert.Equal("0HN1", line.Str("RequestId"));
        Assert.Equal(7, line.GetProperty("OrderId").GetInt32());
        Assert.DoesNotContain("{OriginalFormat}", line.Keys());
        Assert.Equal(["batch 42"], line.GetProperty("scope").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_generic_host_writes_its_own_lifetime_logs_in_the_guide_shape()
    {
        var output = new MemoryStream();
        var options = new ObservabilityOptions();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.AddAutoTraderLogging(options, output);
        using (var host = builder.Build())
        {
            await host.StartAsync();
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App").Info("app_event", ("k", 1));
            await host.StopAsync();
        }

        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("\"logger\":\"Microsoft.Hosting.Lifetime\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"event\":\"app_event\"", StringComparison.Ordinal));
        Assert.All(lines, l =>
        {
            var e = System.Text.Json.JsonDocument.Parse(l).RootElement;
            Assert.Equal(["timestamp", "level", "logger", "event"], e.Keys().Take(4));
            Assert.Equal(["service", "environment", "version"], e.Keys().TakeLast(3));
        });
    }

    [Fact]
    public async Task In_a_host_a_line_inside_a_span_carries_trace_ids_once_in_the_guide_names()
    {
        var output = new MemoryStream();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.AddAutoTraderLogging(new ObservabilityOptions(), output);
        using var source = new SampledActivitySource("AutoTrader.Tests.HostSpans");
        using (var host = builder.Build())
        {
            await host.StartAsync();
            using (source.StartActivity("work"))
            {
                host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App").Info("inside");
            }

            await host.StopAsync();
        }

        var line = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n').Single(l => l.Contains("\"inside\"", StringComparison.Ordinal));
        var keys = System.Text.Json.JsonDocument.Parse(line).RootElement.Keys();
        Assert.Contains("trace_id", keys);
        Assert.DoesNotContain("TraceId", keys);
        Assert.DoesNotContain("SpanId", keys);
        Assert.DoesNotContain("ParentId", keys);
    }

    [Fact]
    public void A_broken_argument_never_throws_into_the_caller()
    {
        using var capture = new LogCapture();
        capture.Logger().Info("odd", ("value", new ThrowingToString()));

        Assert.Contains("ToString failed", capture.Single().Str("value"), StringComparison.Ordinal);
    }

    private sealed class ThrowingToString
    {
        public override string ToString() => throw new InvalidOperationException("nope");
    }
}
