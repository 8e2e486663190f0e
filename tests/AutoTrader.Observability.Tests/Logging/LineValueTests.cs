using System.Globalization;
using System.Text.Json;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Tests.Logging;

/// <summary>The line's keys and level names come from <see cref="LogSchema"/>; a value reads the same wherever it stands.</summary>
public sealed class LineValueTests
{
    public static TheoryData<object> Scalars => new() { 85.5, 5.08e-5, -1e-7, 0.1f, 1e20, double.NaN, double.NegativeInfinity, 42, -7L, (short)3, 9u, true, "text", "quo\"te é" };

    [Theory]
    [MemberData(nameof(Scalars))]
    public void A_value_is_written_alike_as_a_field_inside_an_object_and_inside_an_array(object value)
    {
        using var capture = new LogCapture();
        capture.Logger().Info("values", ("top", value), ("inside", new Dictionary<string, object?> { ["v"] = value }), ("listed", new object[] { value }));

        var line = capture.RawLines().Single();
        var top = Json(line, "top");
        Assert.Equal(top, Json(line, "inside", "v"));
        Assert.Equal(top, Json(line, "listed", 0));
        if (value is double or float && double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture)))
        {
            Assert.Equal(Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture), top);
        }
    }

    [Fact]
    public void The_line_keys_are_the_schema_keys_in_the_documented_order()
    {
        using var capture = new LogCapture();
        using var source = new SampledActivitySource(nameof(LineValueTests));
        using (source.StartActivity("op"))
        {
            capture.Logger().LogError(new InvalidOperationException("boom"), "failed");
        }

        Assert.Equal(
            [LogSchema.Timestamp, LogSchema.Level, LogSchema.Logger, LogSchema.Event, LogSchema.Exception, LogSchema.TraceId, LogSchema.SpanId, LogSchema.Service, LogSchema.Environment, LogSchema.Version],
            capture.Single().Keys());
    }

    [Theory]
    [InlineData(LogLevel.Debug)]
    [InlineData(LogLevel.Information)]
    [InlineData(LogLevel.Warning)]
    [InlineData(LogLevel.Error)]
    [InlineData(LogLevel.Critical)]
    public void A_written_level_name_is_a_logging_level_value_that_reads_back_as_its_level(LogLevel level)
    {
        using var capture = new LogCapture();
        capture.Logger().Log(level, "event");

        var written = capture.Single().GetProperty(LogSchema.Level).GetString();
        Assert.True(LogLevelNames.TryParse(written, out var parsed), $"'{written}' is not a logging.level value");
        Assert.Equal(level, parsed);
    }

    private static string Json(string line, string key, object? inner = null)
    {
        var element = JsonDocument.Parse(line).RootElement.GetProperty(key);
        element = inner switch
        {
            string name => element.GetProperty(name),
            int index => element[index],
            _ => element,
        };
        return element.GetRawText();
    }
}
