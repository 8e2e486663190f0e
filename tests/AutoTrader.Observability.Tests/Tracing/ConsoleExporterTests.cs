using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tracing;

namespace AutoTrader.Observability.Tests.Tracing;

[Collection(TracingTestGroup.Name)]
public sealed class ConsoleExporterTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_console_exporter_writes_spans_to_standard_output_only_when_enabled(bool enabled)
    {
        var options = new ObservabilityOptions();
        options.Tracing.Sampling.Strategy = "always_on";
        options.Tracing.Exporters.Console.Enabled = enabled;
        var original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            using (AutoTraderTracing.CreateTracerProvider(options))
            {
                using var operation = AutoTraderTracing.TraceOperation("console_probe", ("token_symbol", "BTC"));
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(enabled, captured.ToString().Contains("console_probe"));
        Assert.Equal(enabled, captured.ToString().Contains("token_symbol: BTC"));
    }
}
