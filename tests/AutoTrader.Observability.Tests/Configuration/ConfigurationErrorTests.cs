using AutoTrader.Observability.Configuration;

namespace AutoTrader.Observability.Tests.Configuration;

public sealed class ConfigurationErrorTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Theory]
    [InlineData("logging:\n    level: VERBOSE", "observability.logging.level", "'VERBOSE'", "DEBUG, INFO, WARNING, ERROR, CRITICAL")]
    [InlineData("logging:\n    format: xml", "observability.logging.format", "'xml'", "json, console")]
    [InlineData("logging:\n    sampling: { enabled: true, rate: 2 }", "observability.logging.sampling.rate", "'2'", "between 0 and 1")]
    [InlineData("tracing:\n    sampling: { probability: 1.5 }", "observability.tracing.sampling.probability", "'1.5'", "between 0 and 1")]
    [InlineData("tracing:\n    sampling: { probability: -0.1 }", "observability.tracing.sampling.probability", "'-0.1'", "between 0 and 1")]
    [InlineData("tracing:\n    sampling: { strategy: sometimes }", "observability.tracing.sampling.strategy", "'sometimes'", "always_on, always_off, probability")]
    [InlineData("metrics:\n    port: 70000", "observability.metrics.port", "'70000'", "between 1 and 65535")]
    [InlineData("metrics:\n    port: 0", "observability.metrics.port", "'0'", "between 1 and 65535")]
    [InlineData("metrics:\n    port: http", "observability.metrics.port", "'http'", "an integer")]
    [InlineData("metrics:\n    histograms: { api_latency_buckets: [0.1, 0.05, 1] }", "observability.metrics.histograms.api_latency_buckets", "0.1, 0.05, 1", "strictly increasing")]
    [InlineData("metrics:\n    histograms: { api_latency_buckets: [0.1, 0.1] }", "observability.metrics.histograms.api_latency_buckets", "0.1, 0.1", "strictly increasing")]
    [InlineData("metrics:\n    histograms: { api_latency_buckets: [0.1, fast] }", "observability.metrics.histograms.api_latency_buckets[1]", "'fast'", "a number")]
    [InlineData("metrics:\n    cardinality_limits: { user_input_total: { limit: 0 } }", "observability.metrics.cardinality_limits.user_input_total.limit", "0", "at least 1")]
    [InlineData("metrics:\n    histograms: { native: { scan_duration_seconds: { max_scale: 9 } } }", "observability.metrics.histograms.native.scan_duration_seconds.max_scale", "'9'", "between -4 and 8")]
    [InlineData("metrics:\n    histograms: { native: { scan_duration_seconds: { max_buckets: 1 } } }", "observability.metrics.histograms.native.scan_duration_seconds.max_buckets", "'1'", "between 2 and 1024")]
    [InlineData("metrics:\n    exemplars: sometimes", "observability.metrics.exemplars", "'sometimes'", "allowed values are trace_based, always_off")]
    [InlineData("metrics:\n    exemplars: always_on", "observability.metrics.exemplars", "'always_on'", "allowed values are trace_based, always_off")]
    [InlineData("metrics:\n    enabled: maybe", "observability.metrics.enabled", "'maybe'", "true or false")]
    [InlineData("logging:\n    levle: INFO", "observability.logging.levle", "unknown key", "level, format, enable_console")]
    [InlineData("tracing:\n    exporters: { otlp: { enabled: true, endpoint: \"localhost:4317\" } }", "observability.tracing.exporters.otlp.endpoint", "'localhost:4317'", "http://")]
    [InlineData("alerts:\n    scan_error_rate: { for: 5 minutes }", "observability.alerts.scan_error_rate.for", "'5 minutes'", "Prometheus duration")]
    [InlineData("alerts:\n    circuit_breaker_trips: { threshold: -1 }", "observability.alerts.circuit_breaker_trips.threshold", "'-1'", "not negative")]
    [InlineData("performance:\n    span_export_delay_seconds: 0", "observability.performance.span_export_delay_seconds", "'0'", "greater than 0")]
    [InlineData("performance:\n    span_max_queue_size: 0", "observability.performance.span_max_queue_size", "'0'", "at least 1")]
    [InlineData("performance:\n    span_batch_size: 4096", "observability.performance.span_batch_size", "'4096'", "between 1 and span_max_queue_size (2048)")]
    [InlineData("performance:\n    log_export_delay_seconds: -1", "observability.performance.log_export_delay_seconds", "'-1'", "greater than 0")]
    [InlineData("performance:\n    log_max_queue_size: 0", "observability.performance.log_max_queue_size", "'0'", "at least 1")]
    [InlineData("performance:\n    log_batch_size: 0", "observability.performance.log_batch_size", "'0'", "between 1 and log_max_queue_size (2048)")]
    public void An_invalid_value_names_the_key_the_value_its_line_and_what_is_allowed(string section, string key, string value, string allowed)
    {
        var yaml = "observability:\n  " + section + "\n";
        var e = Assert.Throws<ObservabilityConfigurationException>(() => ObservabilityConfiguration.LoadYaml(yaml, NoEnvironment));

        var problem = Assert.Single(e.Problems);
        Assert.Contains(key, problem, StringComparison.Ordinal);
        Assert.Contains(value, problem, StringComparison.Ordinal);
        Assert.Contains(allowed, problem, StringComparison.Ordinal);
        Assert.Matches(@"<yaml>:\d+", problem);
    }

    [Fact]
    public void A_bad_environment_variable_is_named_as_the_origin()
    {
        var e = Assert.Throws<ObservabilityConfigurationException>(() =>
            ObservabilityConfiguration.LoadYaml(null, new Dictionary<string, string> { ["METRICS_PORT"] = "99999" }));

        Assert.Contains("observability.metrics.port = '99999' (environment variable METRICS_PORT)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_yaml_reports_its_line_number()
    {
        const string yaml = "observability:\n  logging:\n    format: json\n    level: INFO: loud\n";
        var e = Assert.Throws<ObservabilityConfigurationException>(() => ObservabilityConfiguration.LoadYaml(yaml, NoEnvironment));

        Assert.Matches(@"<yaml>:4:\d+: malformed YAML", e.Message);
    }

    [Fact]
    public void Several_problems_are_reported_together_in_one_message()
    {
        const string yaml = "observability:\n  logging: { level: LOUD }\n  metrics: { port: -1 }\n";
        var e = Assert.Throws<ObservabilityConfigurationException>(() => ObservabilityConfiguration.LoadYaml(yaml, NoEnvironment));

        Assert.Equal(2, e.Problems.Count);
        Assert.Contains("observability.logging.level", e.Message, StringComparison.Ordinal);
        Assert.Contains("observability.metrics.port", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scalar_where_a_section_belongs_is_refused()
    {
        var e = Assert.Throws<ObservabilityConfigurationException>(() => ObservabilityConfiguration.LoadYaml("observability:\n  logging: loud\n", NoEnvironment));

        Assert.Contains("expected a section", e.Message, StringComparison.Ordinal);
    }
}
