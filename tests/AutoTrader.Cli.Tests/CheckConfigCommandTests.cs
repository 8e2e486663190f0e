using System.Text.Json;

namespace AutoTrader.Cli.Tests;

public sealed class CheckConfigCommandTests
{
    [Fact]
    public void With_default_configuration_stdout_is_json_lines_in_the_guide_shape()
    {
        using var p = AutotraderProcess.Run(["check-config"]);

        Assert.Equal(0, p.ExitCode);
        var lines = p.StdoutLines;
        Assert.NotEmpty(lines);
        foreach (var raw in lines)
        {
            var line = JsonDocument.Parse(raw).RootElement;
            Assert.Equal(["timestamp", "level", "logger", "event"], line.EnumerateObject().Take(4).Select(k => k.Name));
            Assert.Equal(["service", "environment", "version"], line.EnumerateObject().TakeLast(3).Select(k => k.Name));
        }

        var loaded = JsonDocument.Parse(lines.Single(l => l.Contains("config_loaded", StringComparison.Ordinal))).RootElement;
        Assert.Equal("autotrader", loaded.GetProperty("service").GetString());
        Assert.EndsWith("configs/observability.yaml", loaded.GetProperty("config_path").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_level_flag_overrides_the_environment_variable()
    {
        using var p = AutotraderProcess.Run(["check-config", "--log-level", "WARNING"], new Dictionary<string, string?> { ["LOG_LEVEL"] = "DEBUG" });

        Assert.Equal(0, p.ExitCode);
        Assert.Empty(p.StdoutLines); // config_loaded is INFO, below WARNING
    }

    [Fact]
    public void Environment_variables_reach_every_line()
    {
        using var p = AutotraderProcess.Run(["check-config"], new Dictionary<string, string?> { ["ENVIRONMENT"] = "production", ["APP_VERSION"] = "3.1.4" });

        Assert.NotEmpty(p.StdoutLines);
        Assert.All(p.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement), line =>
        {
            Assert.Equal("production", line.GetProperty("environment").GetString());
            Assert.Equal("3.1.4", line.GetProperty("version").GetString());
        });
    }

    [Fact]
    public void Invalid_configuration_stops_with_one_message_on_stderr_and_exit_code_2()
    {
        using var file = new TempYamlFile("observability:\n  tracing:\n    sampling:\n      strategy: sometimes\n");
        using var p = AutotraderProcess.Run(["check-config", "--config", file.Path]);

        Assert.Equal(2, p.ExitCode);
        Assert.Empty(p.Stdout);
        Assert.Contains($"observability.tracing.sampling.strategy = 'sometimes' ({file.Path}:4): allowed values are always_on, always_off, probability", p.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_log_level_flag_is_named_as_the_origin()
    {
        using var p = AutotraderProcess.Run(["check-config", "--log-level", "LOUD"]);

        Assert.Equal(2, p.ExitCode);
        Assert.Contains("observability.logging.level = 'LOUD' (--log-level)", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_config_file_is_an_error()
    {
        using var p = AutotraderProcess.Run(["check-config", "--config", "/nonexistent/observability.yaml"]);

        Assert.Equal(2, p.ExitCode);
        Assert.Contains("/nonexistent/observability.yaml", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_exporter_of_every_signal_is_printed_with_where_each_value_came_from()
    {
        using var p = AutotraderProcess.Run(["check-config"], new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4318",
            ["OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"] = "https://logs.example/ingest",
            ["OTEL_METRICS_EXPORTER"] = "prometheus",
        });

        Assert.Equal(0, p.ExitCode);
        var exporters = p.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("event").GetString() == "exporter_configured")
            .ToDictionary(l => l.GetProperty("signal").GetString() + "/" + l.GetProperty("exporter").GetString());
        Assert.Equal(["logs/console", "logs/otlp", "metrics/otlp", "metrics/prometheus", "traces/console", "traces/jaeger", "traces/otlp"], exporters.Keys.Order());

        var traces = exporters["traces/otlp"];
        Assert.True(traces.GetProperty("enabled").GetBoolean());
        Assert.Equal("environment variable OTEL_EXPORTER_OTLP_ENDPOINT", traces.GetProperty("enabled_from").GetString());
        Assert.Equal("http://collector:4318/v1/traces", traces.GetProperty("endpoint").GetString());
        Assert.Equal("http/protobuf", traces.GetProperty("protocol").GetString());
        Assert.Matches(@"configs/observability\.yaml:\d+ \(auto\)$", traces.GetProperty("protocol_from").GetString());

        var logs = exporters["logs/otlp"];
        Assert.Equal("https://logs.example/ingest", logs.GetProperty("endpoint").GetString());
        Assert.Equal("environment variable OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", logs.GetProperty("endpoint_from").GetString());

        var metrics = exporters["metrics/otlp"];
        Assert.False(metrics.GetProperty("enabled").GetBoolean());
        Assert.Equal("environment variable OTEL_METRICS_EXPORTER", metrics.GetProperty("enabled_from").GetString());
        Assert.Equal(60, metrics.GetProperty("interval_seconds").GetDouble());
        Assert.True(exporters["metrics/prometheus"].GetProperty("enabled").GetBoolean());
        Assert.True(exporters["logs/console"].GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public void Header_names_are_printed_and_their_values_never_are()
    {
        const string secret = "sk-live-d41d8cd98f00";
        using var p = AutotraderProcess.Run(["check-config"], new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "api-key=" + secret,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4317",
        });

        Assert.Equal(0, p.ExitCode);
        var otlp = p.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("event").GetString() == "exporter_configured" && l.GetProperty("exporter").GetString() == "otlp");
        Assert.All(otlp, l => Assert.Equal(["api-key"], l.GetProperty("headers").EnumerateArray().Select(h => h.GetString())));
        Assert.DoesNotContain(secret, p.Stdout + p.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OTEL_TRACES_SAMPLER", "xray")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", "api-key=sk-live-d41d8cd98f00%2Cx")]
    [InlineData("OTEL_LOGS_EXPORTER", "zipkin")]
    public void An_invalid_standard_variable_exits_with_2_naming_it(string variable, string value)
    {
        using var p = AutotraderProcess.Run(["check-config"], new Dictionary<string, string?> { [variable] = value });

        Assert.Equal(2, p.ExitCode);
        Assert.Empty(p.Stdout);
        Assert.Contains(variable, p.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-live-d41d8cd98f00", p.Stderr, StringComparison.Ordinal);
    }
}
