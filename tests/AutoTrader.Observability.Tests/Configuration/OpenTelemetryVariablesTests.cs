using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Otlp;
using static AutoTrader.Observability.Tests.Configuration.ConfigurationPaths;

namespace AutoTrader.Observability.Tests.Configuration;

/// <summary>The standard OpenTelemetry variables, as the OpenTelemetry environment-variable specification defines them, onto the configuration.</summary>
public sealed class OpenTelemetryVariablesTests
{
    private const string Default = "default";

    [Theory]
    // nothing set: OTLP export is opt-in
    [InlineData("", "tracing.exporters.otlp.enabled", "false", Default)]
    [InlineData("", "metrics.exporters.otlp.enabled", "false", Default)]
    [InlineData("", "logging.exporters.otlp.enabled", "false", Default)]
    // the resource
    [InlineData("OTEL_SERVICE_NAME=checkout", "service_name", "checkout", "environment variable OTEL_SERVICE_NAME")]
    [InlineData("OTEL_RESOURCE_ATTRIBUTES=service.name=ra,service.version=2.0.0", "service_name", "ra", "environment variable OTEL_RESOURCE_ATTRIBUTES")]
    [InlineData("OTEL_RESOURCE_ATTRIBUTES=service.name=ra,service.version=2.0.0", "version", "2.0.0", "environment variable OTEL_RESOURCE_ATTRIBUTES")]
    [InlineData("OTEL_RESOURCE_ATTRIBUTES=service.instance.id=replica-3", "service_instance_id", "replica-3", "environment variable OTEL_RESOURCE_ATTRIBUTES")]
    [InlineData("OTEL_RESOURCE_ATTRIBUTES=deployment.environment.name=staging", "environment", "staging", "environment variable OTEL_RESOURCE_ATTRIBUTES")]
    [InlineData("OTEL_RESOURCE_ATTRIBUTES= k8s.pod.name = pod%2C7 ,team=scanner", "resource_attributes:k8s.pod.name", "pod,7", "environment variable OTEL_RESOURCE_ATTRIBUTES")]
    [InlineData("OTEL_RESOURCE_ATTRIBUTES= k8s.pod.name = pod%2C7 ,team=scanner", "resource_attributes:team", "scanner", "environment variable OTEL_RESOURCE_ATTRIBUTES")]
    [InlineData("OTEL_SERVICE_NAME=named; OTEL_RESOURCE_ATTRIBUTES=service.name=attribute", "service_name", "named", "environment variable OTEL_SERVICE_NAME")]
    // an endpoint variable switches OTLP export on for its signals
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318", "tracing.exporters.otlp.enabled", "true", "environment variable OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318", "metrics.exporters.otlp.enabled", "true", "environment variable OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318", "logging.exporters.otlp.enabled", "true", "environment variable OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318", "logging.exporters.otlp.endpoint", "http://collector:4318", "environment variable OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("OTLP_ENDPOINT=http://collector:4317", "metrics.exporters.otlp.enabled", "true", "environment variable OTLP_ENDPOINT")]
    [InlineData("OTLP_ENDPOINT=http://collector:4317", "logging.exporters.otlp.endpoint", "http://collector:4317", "environment variable OTLP_ENDPOINT")]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT=http://m:4318/v1/metrics", "metrics.exporters.otlp.enabled", "true", "environment variable OTEL_EXPORTER_OTLP_METRICS_ENDPOINT")]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT=http://m:4318/v1/metrics", "tracing.exporters.otlp.enabled", "false", Default)]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT=http://m:4318/v1/metrics", "logging.exporters.otlp.enabled", "false", Default)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://all:4317; OTEL_EXPORTER_OTLP_LOGS_ENDPOINT=http://logs:4317", "logging.exporters.otlp.endpoint", "http://logs:4317", "environment variable OTEL_EXPORTER_OTLP_LOGS_ENDPOINT")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://all:4317; OTEL_EXPORTER_OTLP_LOGS_ENDPOINT=http://logs:4317", "tracing.exporters.otlp.endpoint", "http://all:4317", "environment variable OTEL_EXPORTER_OTLP_ENDPOINT")]
    // protocol and headers, the signal's own over the common one
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf; OTEL_EXPORTER_OTLP_LOGS_PROTOCOL=grpc", "logging.exporters.otlp.protocol", "grpc", "environment variable OTEL_EXPORTER_OTLP_LOGS_PROTOCOL")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf; OTEL_EXPORTER_OTLP_LOGS_PROTOCOL=grpc", "tracing.exporters.otlp.protocol", "http/protobuf", "environment variable OTEL_EXPORTER_OTLP_PROTOCOL")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS=api-key=k1,x-tenant=acme%20corp", "metrics.exporters.otlp.headers:x-tenant", "acme corp", "environment variable OTEL_EXPORTER_OTLP_HEADERS")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS=api-key=common; OTEL_EXPORTER_OTLP_LOGS_HEADERS=logs-key=own", "logging.exporters.otlp.headers:logs-key", "own", "environment variable OTEL_EXPORTER_OTLP_LOGS_HEADERS")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS=api-key=common; OTEL_EXPORTER_OTLP_LOGS_HEADERS=logs-key=own", "logging.exporters.otlp.headers:api-key", "<absent>", "environment variable OTEL_EXPORTER_OTLP_LOGS_HEADERS")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS=api-key=common; OTEL_EXPORTER_OTLP_LOGS_HEADERS=logs-key=own", "tracing.exporters.otlp.headers:api-key", "common", "environment variable OTEL_EXPORTER_OTLP_HEADERS")]
    // the exporter selection has the last word
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://c:4317; OTEL_METRICS_EXPORTER=none", "metrics.exporters.otlp.enabled", "false", "environment variable OTEL_METRICS_EXPORTER")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://c:4317; OTEL_METRICS_EXPORTER=none", "metrics.enabled", "true", Default)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://c:4317; OTEL_METRICS_EXPORTER=prometheus", "metrics.exporters.otlp.enabled", "false", "environment variable OTEL_METRICS_EXPORTER")]
    [InlineData("OTEL_METRICS_EXPORTER=prometheus,otlp", "metrics.exporters.otlp.enabled", "true", "environment variable OTEL_METRICS_EXPORTER")]
    [InlineData("OTEL_TRACES_EXPORTER=console", "tracing.exporters.console.enabled", "true", "environment variable OTEL_TRACES_EXPORTER")]
    [InlineData("OTEL_TRACES_EXPORTER=console", "tracing.exporters.otlp.enabled", "false", "environment variable OTEL_TRACES_EXPORTER")]
    [InlineData("OTEL_TRACES_EXPORTER=otlp", "tracing.exporters.jaeger.enabled", "false", "environment variable OTEL_TRACES_EXPORTER")]
    [InlineData("OTEL_LOGS_EXPORTER= otlp , console ", "logging.exporters.otlp.enabled", "true", "environment variable OTEL_LOGS_EXPORTER")]
    [InlineData("OTEL_LOGS_EXPORTER=none", "logging.enable_console", "true", Default)]
    // the sampler
    [InlineData("OTEL_TRACES_SAMPLER=always_off", "tracing.sampling.strategy", "always_off", "environment variable OTEL_TRACES_SAMPLER")]
    [InlineData("OTEL_TRACES_SAMPLER=parentbased_always_on", "tracing.sampling.strategy", "parentbased_always_on", "environment variable OTEL_TRACES_SAMPLER")]
    [InlineData("OTEL_TRACES_SAMPLER=parentbased_traceidratio; OTEL_TRACES_SAMPLER_ARG=0.25", "tracing.sampling.strategy", "probability", "environment variable OTEL_TRACES_SAMPLER")]
    [InlineData("OTEL_TRACES_SAMPLER=parentbased_traceidratio; OTEL_TRACES_SAMPLER_ARG=0.25", "tracing.sampling.probability", "0.25", "environment variable OTEL_TRACES_SAMPLER_ARG")]
    [InlineData("OTEL_TRACES_SAMPLER=traceidratio", "tracing.sampling.probability", "1", "environment variable OTEL_TRACES_SAMPLER (OTEL_TRACES_SAMPLER_ARG unset)")]
    [InlineData("OTEL_TRACES_SAMPLER=always_on; OTEL_TRACES_SAMPLER_ARG=0.5", "tracing.sampling.probability", "0.1", Default)]
    [InlineData("OTEL_TRACES_SAMPLER_ARG=0.5", "tracing.sampling.probability", "0.1", Default)]
    // the SDK switched off: no spans, no OTLP export; stdout and /metrics stay
    [InlineData("OTEL_SDK_DISABLED=true; OTEL_EXPORTER_OTLP_ENDPOINT=http://c:4317", "tracing.enabled", "false", "environment variable OTEL_SDK_DISABLED")]
    [InlineData("OTEL_SDK_DISABLED=TRUE; OTEL_EXPORTER_OTLP_ENDPOINT=http://c:4317", "logging.exporters.otlp.enabled", "false", "environment variable OTEL_SDK_DISABLED")]
    [InlineData("OTEL_SDK_DISABLED=true", "metrics.enabled", "true", Default)]
    [InlineData("OTEL_SDK_DISABLED=false", "tracing.enabled", "true", Default)]
    [InlineData("OTEL_SDK_DISABLED=", "tracing.enabled", "true", Default)]
    public void A_variable_sets_its_key_and_is_named_as_the_origin(string environment, string path, string value, string origin)
    {
        var loaded = ObservabilityConfiguration.LoadWithOrigins(null, Environment(environment));

        Assert.Equal(value, ValueAt(loaded.Options, path));
        Assert.Equal(origin, loaded.Origins.Of(KeyOf(path.Split(':')[0])));
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318/base", "traces", "http://collector:4318/base/v1/traces")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318", "metrics", "http://collector:4318/v1/metrics")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318", "logs", "http://collector:4318/v1/logs")]
    [InlineData("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT=https://vendor.example/ingest/logs; OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf", "logs", "https://vendor.example/ingest/logs")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://collector:4318/", "traces", "http://collector:4318/")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317", "logs", "http://collector:4317/")]
    [InlineData("OTLP_ENDPOINT=http://guide:4318; OTEL_EXPORTER_OTLP_LOGS_ENDPOINT=https://vendor.example/ingest/logs", "logs", "http://guide:4318/v1/logs")]
    public void A_per_signal_HTTP_endpoint_is_used_as_is_and_the_common_one_gets_the_signal_path(string environment, string signalName, string sentTo)
    {
        var options = ObservabilityConfiguration.Load(null, Environment(environment));
        var signal = OtlpSignals.All.Single(s => s.Name() == signalName);

        var sdk = OtlpExport.Options(ObservabilityConfiguration.Exporter(options, signal), signal, options.Performance);

        Assert.Equal(sentTo, sdk.Endpoint.ToString());
    }

    [Fact]
    public void Headers_from_a_variable_replace_the_files_headers_of_the_signal_rather_than_add_to_them()
    {
        const string yaml = """
            observability:
              logging:
                exporters:
                  otlp: { headers: { x-from-file: "1", api-key: "file" } }
            """;

        var options = ObservabilityConfiguration.LoadYaml(yaml, Environment("OTEL_EXPORTER_OTLP_HEADERS=api-key=env"));

        Assert.Equal(new Dictionary<string, string> { ["api-key"] = "env" }, options.Logging.Exporters.Otlp.Headers);
    }

    [Fact]
    public void The_resource_carries_the_attributes_the_variable_adds()
    {
        var options = ObservabilityConfiguration.Load(null, Environment("OTEL_RESOURCE_ATTRIBUTES=k8s.pod.name=pod-7,service.namespace=trading"));

        var resource = ServiceResource.Apply(OpenTelemetry.Resources.ResourceBuilder.CreateEmpty(), options).Build().Attributes.ToDictionary(a => a.Key, a => a.Value);

        Assert.Equal("pod-7", resource["k8s.pod.name"]);
        Assert.Equal("trading", resource["service.namespace"]);
        Assert.Equal("autotrader", resource["service.name"]);
    }
}
