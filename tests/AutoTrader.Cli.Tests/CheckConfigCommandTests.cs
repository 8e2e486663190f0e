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

        var line = JsonDocument.Parse(p.StdoutLines.Single()).RootElement;
        Assert.Equal("production", line.GetProperty("environment").GetString());
        Assert.Equal("3.1.4", line.GetProperty("version").GetString());
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
}
