using AutoTrader.Observability.Configuration;
using static AutoTrader.Observability.Tests.Configuration.ConfigurationPaths;

namespace AutoTrader.Observability.Tests.Configuration;

/// <summary>A variable with a value the stack cannot honour stops start-up with a message naming it; header values are never in it.</summary>
public sealed class OpenTelemetryVariableErrorTests
{
    private const string Secret = "sk-live-7f3a9c";

    [Theory]
    [InlineData("OTEL_TRACES_SAMPLER=jaeger_remote", "OTEL_TRACES_SAMPLER = 'jaeger_remote'", "parentbased_traceidratio")]
    [InlineData("OTEL_TRACES_SAMPLER=traceidratio; OTEL_TRACES_SAMPLER_ARG=half", "(environment variable OTEL_TRACES_SAMPLER_ARG)", "a number")]
    [InlineData("OTEL_TRACES_SAMPLER=parentbased_traceidratio; OTEL_TRACES_SAMPLER_ARG=1.5", "(environment variable OTEL_TRACES_SAMPLER_ARG)", "between 0 and 1")]
    [InlineData("OTEL_EXPORTER_OTLP_LOGS_PROTOCOL=http/json", "observability.logging.exporters.otlp.protocol = 'http/json' (environment variable OTEL_EXPORTER_OTLP_LOGS_PROTOCOL)", "auto, grpc, http/protobuf")]
    [InlineData("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT=collector:4317", "(environment variable OTEL_EXPORTER_OTLP_LOGS_ENDPOINT)", "http://")]
    [InlineData("OTEL_METRICS_EXPORTER=console", "OTEL_METRICS_EXPORTER = 'console'", "otlp, prometheus, none")]
    [InlineData("OTEL_LOGS_EXPORTER=zipkin", "OTEL_LOGS_EXPORTER = 'zipkin'", "otlp, console, none")]
    [InlineData("OTEL_TRACES_EXPORTER=otlp,none", "OTEL_TRACES_EXPORTER = 'otlp,none'", "'none' cannot be listed with other exporters")]
    [InlineData("OTEL_SDK_DISABLED=yes", "OTEL_SDK_DISABLED = 'yes'", "true, false")]
    [InlineData("OTEL_RESOURCE_ATTRIBUTES=team", "OTEL_RESOURCE_ATTRIBUTES", "key1=value1,key2=value2")]
    [InlineData("OTEL_SERVICE_NAME=  ", "(environment variable OTEL_SERVICE_NAME)", "must not be empty")]
    public void An_invalid_value_names_its_variable_and_what_is_allowed(string environment, string named, string allowed)
    {
        var e = Assert.Throws<ObservabilityConfigurationException>(() => ObservabilityConfiguration.Load(null, Environment(environment)));

        var problem = Assert.Single(e.Problems);
        Assert.Contains(named, problem, StringComparison.Ordinal);
        Assert.Contains(allowed, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS=api-key", "OTEL_EXPORTER_OTLP_HEADERS")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS=api-key=" + Secret + ",=orphan", "OTEL_EXPORTER_OTLP_HEADERS")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_HEADERS=api-key=" + Secret + "%2Cmore", "observability.tracing.exporters.otlp.headers.api-key (environment variable OTEL_EXPORTER_OTLP_TRACES_HEADERS)")]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_HEADERS=api-key=" + Secret + "%0A", "observability.metrics.exporters.otlp.headers.api-key (environment variable OTEL_EXPORTER_OTLP_METRICS_HEADERS)")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS=api key=" + Secret, "headers.api key")]
    public void A_malformed_header_is_named_but_its_value_never_shown(string environment, string named)
    {
        var e = Assert.Throws<ObservabilityConfigurationException>(() => ObservabilityConfiguration.Load(null, Environment(environment)));

        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_in_the_file_that_cannot_be_sent_is_refused_without_its_value()
    {
        const string yaml = "observability:\n  metrics:\n    exporters:\n      otlp: { headers: { api-key: \"" + Secret + ",x\" } }\n";

        var e = Assert.Throws<ObservabilityConfigurationException>(() => ObservabilityConfiguration.LoadYaml(yaml, new Dictionary<string, string>()));

        Assert.Contains("observability.metrics.exporters.otlp.headers.api-key (<yaml>:4)", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resource_attribute_that_a_key_sets_is_refused_with_the_key_to_set()
    {
        const string yaml = "observability:\n  resource_attributes: { service.name: other }\n";

        var e = Assert.Throws<ObservabilityConfigurationException>(() => ObservabilityConfiguration.LoadYaml(yaml, new Dictionary<string, string>()));

        Assert.Contains("observability.resource_attributes.service.name (<yaml>:2)", e.Message, StringComparison.Ordinal);
        Assert.Contains("service_name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_invalid_variable_is_reported_at_once()
    {
        var e = Assert.Throws<ObservabilityConfigurationException>(() =>
            ObservabilityConfiguration.Load(null, Environment("OTEL_TRACES_SAMPLER=xray; OTEL_LOGS_EXPORTER=zipkin; OTEL_SDK_DISABLED=maybe")));

        Assert.Equal(3, e.Problems.Count);
    }
}
