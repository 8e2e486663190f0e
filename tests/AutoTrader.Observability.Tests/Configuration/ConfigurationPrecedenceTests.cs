using AutoTrader.Observability.Configuration;
using static AutoTrader.Observability.Tests.Configuration.ConfigurationPaths;

namespace AutoTrader.Observability.Tests.Configuration;

/// <summary>
/// One precedence, highest first: command-line flags, the guide's variables, the <c>OTEL_*</c>
/// variables, the file, the built-in defaults.
/// </summary>
public sealed class ConfigurationPrecedenceTests
{
    private const string Yaml = """
        observability:
          environment: "from-file"
          tracing:
            sampling: { strategy: always_on }
            exporters:
              otlp: { enabled: false, endpoint: "http://file:4317" }
        """;

    [Theory]
    [InlineData(0, "from-file", ".yaml:2")]
    [InlineData(1, "from-otel", "environment variable OTEL_RESOURCE_ATTRIBUTES")]
    [InlineData(2, "from-guide", "environment variable ENVIRONMENT")]
    [InlineData(3, "from-flag", "--environment")]
    public void Each_source_wins_over_the_ones_below_it(int sources, string expected, string origin)
    {
        var environment = new Dictionary<string, string>();
        var overrides = new List<ConfigurationOverride>();
        if (sources >= 1)
        {
            environment["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment.name=from-otel";
        }

        if (sources >= 2)
        {
            environment["ENVIRONMENT"] = "from-guide";
        }

        if (sources >= 3)
        {
            overrides.Add(new ConfigurationOverride("observability:environment", "from-flag", "--environment"));
        }

        var loaded = Load(environment, overrides);

        Assert.Equal(expected, loaded.Options.Environment);
        Assert.EndsWith(origin, loaded.Origins.Of("observability:environment"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_guides_OTLP_ENDPOINT_wins_over_the_OTEL_endpoints_for_every_signal()
    {
        var loaded = Load(Environment("OTLP_ENDPOINT=http://guide:4317; OTEL_EXPORTER_OTLP_ENDPOINT=http://otel:4317; OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://otel-traces:4317"));

        Assert.All(
            ["tracing.exporters.otlp.endpoint", "metrics.exporters.otlp.endpoint", "logging.exporters.otlp.endpoint"],
            path => Assert.Equal("http://guide:4317", ValueAt(loaded.Options, path)));
        Assert.Equal("environment variable OTLP_ENDPOINT", loaded.Origins.Of("observability:tracing:exporters:otlp:endpoint"));
    }

    [Fact]
    public void An_OTEL_variable_wins_over_a_literal_in_the_file()
    {
        var loaded = Load(Environment("OTEL_TRACES_SAMPLER=always_off; OTEL_EXPORTER_OTLP_ENDPOINT=http://otel:4317"));

        Assert.Equal("always_off", loaded.Options.Tracing.Sampling.Strategy);
        Assert.True(loaded.Options.Tracing.Exporters.Otlp.Enabled); // the file says false
        Assert.Equal("http://otel:4317", loaded.Options.Tracing.Exporters.Otlp.Endpoint);
    }

    [Fact]
    public void The_exporter_selection_wins_over_an_endpoint_variable_switching_export_on()
    {
        var loaded = Load(Environment("OTLP_ENDPOINT=http://guide:4317; OTEL_TRACES_EXPORTER=none; OTEL_LOGS_EXPORTER=none"));

        Assert.False(loaded.Options.Tracing.Exporters.Otlp.Enabled);
        Assert.False(loaded.Options.Logging.Exporters.Otlp.Enabled);
        Assert.True(loaded.Options.Metrics.Exporters.Otlp.Enabled);
        Assert.Equal("environment variable OTEL_TRACES_EXPORTER", loaded.Origins.Of("observability:tracing:exporters:otlp:enabled"));
    }

    [Fact]
    public void A_flag_wins_over_OTEL_SDK_DISABLED()
    {
        var loaded = Load(
            Environment("OTEL_SDK_DISABLED=true"),
            [new ConfigurationOverride("observability:tracing:enabled", "true", "--tracing")]);

        Assert.True(loaded.Options.Tracing.Enabled);
        Assert.Equal("--tracing", loaded.Origins.Of("observability:tracing:enabled"));
    }

    [Fact]
    public void The_log_level_flag_wins_over_LOG_LEVEL()
    {
        var loaded = Load(Environment("LOG_LEVEL=DEBUG"), [new ConfigurationOverride("observability:logging:level", "ERROR", "--log-level")]);

        Assert.Equal("ERROR", loaded.Options.Logging.Level);
        Assert.Equal("--log-level", loaded.Origins.Of("observability:logging:level"));
    }

    private static LoadedConfiguration Load(Dictionary<string, string> environment, IEnumerable<ConfigurationOverride>? overrides = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"otlp-signals-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Yaml);
        try
        {
            return ObservabilityConfiguration.LoadWithOrigins(path, environment, overrides);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
