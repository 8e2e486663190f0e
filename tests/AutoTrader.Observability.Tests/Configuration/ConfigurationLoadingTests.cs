using AutoTrader.Observability.Configuration;

namespace AutoTrader.Observability.Tests.Configuration;

public sealed class ConfigurationLoadingTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private static string ShippedFile => Path.Combine(RepositoryRoot.Path, "configs", "observability.yaml");

    [Fact]
    public void The_shipped_file_loads_with_the_facts_defaults()
    {
        var o = ObservabilityConfiguration.Load(ShippedFile, NoEnvironment);

        Assert.Equal("autotrader", o.ServiceName);
        Assert.Equal("development", o.Environment);
        Assert.Equal("0.1.0", o.Version);
        Assert.Equal("INFO", o.Logging.Level);
        Assert.Equal("json", o.Logging.Format);
        Assert.Equal(["api_key", "secret", "password", "token"], o.Logging.EffectiveRedactFields);
        Assert.Equal(9090, o.Metrics.Port);
        Assert.Equal("/metrics", o.Metrics.Path);
        Assert.Equal("trace_based", o.Metrics.Exemplars);
        Assert.Equal([0.1, 0.5, 1, 2.5, 5, 10, 30, 60], o.Metrics.Histograms.ScanDuration!);
        Assert.Equal(Enumerable.Range(0, 11).Select(i => i * 10.0), o.Metrics.Histograms.GemScore!);
        Assert.Equal("probability", o.Tracing.Sampling.Strategy);
        Assert.Equal(0.1, o.Tracing.Sampling.Probability);
        Assert.Equal("http://localhost:14268/api/traces", o.Tracing.Exporters.Jaeger.Endpoint);
        Assert.Equal("http://localhost:4317", o.Tracing.Exporters.Otlp.Endpoint);
        Assert.Equal("/health", o.Health.Endpoint);
        Assert.Equal(3, o.Alerts.CircuitBreakerTrips.Threshold);
        Assert.Equal("critical", o.Alerts.CircuitBreakerTrips.Severity);
        Assert.Equal(512, o.Performance.SpanBatchSize);
        Assert.Equal(2048, o.Performance.SpanMaxQueueSize);
    }

    [Fact]
    public void The_shipped_file_and_the_built_in_defaults_agree()
    {
        var file = ObservabilityConfiguration.Load(ShippedFile, NoEnvironment);
        var builtIn = ObservabilityConfiguration.Load(null, NoEnvironment);

        Assert.Equal(Describe(builtIn), Describe(file));
    }

    [Fact]
    public void Native_histograms_are_read_by_metric_name_with_their_limits_or_the_defaults()
    {
        const string yaml = """
            observability:
              metrics:
                histograms:
                  native:
                    scan_duration_seconds: { max_buckets: 80, max_scale: 3 }
                    llm_latency_seconds: {}
            """;
        var native = ObservabilityConfiguration.LoadYaml(yaml, NoEnvironment).Metrics.Histograms.Native!;

        Assert.Equal((80, 3), (native["scan_duration_seconds"].MaxBuckets, native["scan_duration_seconds"].MaxScale));
        Assert.Equal((160, 8), (native["llm_latency_seconds"].MaxBuckets, native["llm_latency_seconds"].MaxScale));
    }

    [Fact]
    public void Placeholders_take_the_variable_or_else_their_default()
    {
        const string yaml = """
            observability:
              service_name: "${SERVICE:scanner}-${REGION:eu}"
              environment: "${DEPLOY_ENV}"
            """;
        var o = ObservabilityConfiguration.LoadYaml(yaml, new Dictionary<string, string> { ["REGION"] = "us", ["DEPLOY_ENV"] = "staging" });

        Assert.Equal("scanner-us", o.ServiceName);
        Assert.Equal("staging", o.Environment);
    }

    [Fact]
    public void A_placeholder_without_default_and_without_variable_is_an_error_naming_both()
    {
        var e = Assert.Throws<ObservabilityConfigurationException>(() =>
            ObservabilityConfiguration.LoadYaml("observability:\n  environment: \"${DEPLOY_ENV}\"\n", NoEnvironment));

        Assert.Contains("observability.environment", e.Message, StringComparison.Ordinal);
        Assert.Contains("DEPLOY_ENV", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_guide_environment_variables_override_literal_values_in_the_file()
    {
        const string yaml = """
            observability:
              environment: "staging"
              version: "1.0.0"
              logging: { level: "DEBUG" }
              metrics: { port: 9100 }
              tracing:
                exporters:
                  jaeger: { endpoint: "http://file:14268/api/traces" }
                  otlp: { endpoint: "http://file:4317" }
            """;
        var env = new Dictionary<string, string>
        {
            ["LOG_LEVEL"] = "ERROR",
            ["ENVIRONMENT"] = "production",
            ["APP_VERSION"] = "2.0.0",
            ["METRICS_PORT"] = "9200",
            ["JAEGER_ENDPOINT"] = "http://env:14268/api/traces",
            ["OTLP_ENDPOINT"] = "http://env:4317",
        };
        var o = ObservabilityConfiguration.LoadYaml(yaml, env);

        Assert.Equal("ERROR", o.Logging.Level);
        Assert.Equal("production", o.Environment);
        Assert.Equal("2.0.0", o.Version);
        Assert.Equal(9200, o.Metrics.Port);
        Assert.Equal("http://env:14268/api/traces", o.Tracing.Exporters.Jaeger.Endpoint);
        Assert.Equal("http://env:4317", o.Tracing.Exporters.Otlp.Endpoint);
    }

    [Fact]
    public void Without_environment_variables_the_file_values_stand()
    {
        var o = ObservabilityConfiguration.LoadYaml("observability:\n  logging: { level: \"DEBUG\" }\n  metrics: { port: 9100 }\n", NoEnvironment);

        Assert.Equal("DEBUG", o.Logging.Level);
        Assert.Equal(9100, o.Metrics.Port);
    }

    [Fact]
    public void Explicit_overrides_win_over_environment_and_file()
    {
        var o = ObservabilityConfiguration.LoadYaml(
            "observability:\n  logging: { level: \"DEBUG\" }\n",
            new Dictionary<string, string> { ["LOG_LEVEL"] = "ERROR" },
            [new ConfigurationOverride("observability:logging:level", "WARNING", "--log-level")]);

        Assert.Equal("WARNING", o.Logging.Level);
    }

    [Fact]
    public void Configured_buckets_replace_the_defaults_rather_than_extend_them()
    {
        var o = ObservabilityConfiguration.LoadYaml("observability:\n  metrics:\n    histograms:\n      scan_duration_buckets: [1.0, 5.0, 10.0]\n", NoEnvironment);

        Assert.Equal([1.0, 5.0, 10.0], o.Metrics.Histograms.All().Single(h => h.Key == "scan_duration_buckets").Buckets);
    }

    [Fact]
    public void An_empty_redaction_list_turns_redaction_off()
    {
        var o = ObservabilityConfiguration.LoadYaml("observability:\n  logging:\n    redact_fields: []\n", NoEnvironment);

        Assert.Empty(o.Logging.EffectiveRedactFields);
    }

    [Fact]
    public void A_missing_explicit_file_is_an_error_naming_it()
    {
        var e = Assert.Throws<ObservabilityConfigurationException>(() => ObservabilityConfiguration.Load("/nonexistent/obs.yaml", NoEnvironment));

        Assert.Contains("/nonexistent/obs.yaml", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The options as JSON, with each list that was left unset replaced by the default it stands for.</summary>
    private static string Describe(ObservabilityOptions o)
    {
        o.Logging.RedactFields ??= [.. o.Logging.EffectiveRedactFields];
        var h = o.Metrics.Histograms;
        h.ScanDuration ??= [.. HistogramBucketOptions.DefaultScanDuration];
        h.ApiLatency ??= [.. HistogramBucketOptions.DefaultApiLatency];
        h.DataSourceLatency ??= [.. HistogramBucketOptions.DefaultDataSourceLatency];
        h.GemScore ??= [.. HistogramBucketOptions.DefaultGemScore];
        h.Confidence ??= [.. HistogramBucketOptions.DefaultConfidence];
        h.LlmLatency ??= [.. HistogramBucketOptions.DefaultLlmLatency];
        return System.Text.Json.JsonSerializer.Serialize(o);
    }
}
