using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Otlp;
using AutoTrader.Observability.Tracing;
using OpenTelemetry.Exporter;

namespace AutoTrader.Observability.Tests.Tracing;

[Collection(TracingTestGroup.Name)]
public sealed class ExporterConfigurationTests
{
    [Theory]
    [InlineData("http://collector:4317", "auto", OtlpExportProtocol.Grpc, "http://collector:4317/")]
    [InlineData("http://collector:4318", "auto", OtlpExportProtocol.HttpProtobuf, "http://collector:4318/v1/traces")]
    [InlineData("https://otel.example.com/v1/traces", "auto", OtlpExportProtocol.HttpProtobuf, "https://otel.example.com/v1/traces")]
    [InlineData("http://127.0.0.1:5000", "http/protobuf", OtlpExportProtocol.HttpProtobuf, "http://127.0.0.1:5000/v1/traces")]
    [InlineData("http://127.0.0.1:4318", "grpc", OtlpExportProtocol.Grpc, "http://127.0.0.1:4318/")]
    public void The_protocol_comes_from_the_protocol_key_or_else_from_the_endpoint(string endpoint, string protocol, OtlpExportProtocol expected, string target)
    {
        var exporter = new EndpointExporterOptions { Enabled = true, Endpoint = endpoint, Protocol = protocol };

        var chosen = OtlpEndpoints.Protocol(exporter, new Uri(endpoint));

        Assert.Equal(expected, chosen);
        Assert.Equal(target, OtlpEndpoints.Target(new Uri(endpoint), chosen).ToString());
    }

    [Fact]
    public void An_unknown_protocol_fails_start_up()
    {
        var error = Assert.Throws<ObservabilityConfigurationException>(() => Load("otlp:\n        enabled: true\n        protocol: thrift"));

        Assert.Contains("tracing.exporters.otlp.protocol", error.Message);
        Assert.Contains("grpc, http/protobuf", error.Message);
    }

    [Fact]
    public void The_legacy_Jaeger_Thrift_endpoint_is_refused_with_what_to_set_instead()
    {
        var error = Assert.Throws<ObservabilityConfigurationException>(() => Load("jaeger:\n        enabled: true\n        endpoint: http://jaeger:14268/api/traces"));

        Assert.Contains("tracing.exporters.jaeger.endpoint", error.Message);
        Assert.Contains("OTLP_ENDPOINT", error.Message);
    }

    [Fact]
    public void A_Jaeger_OTLP_endpoint_is_accepted()
    {
        var options = Load("jaeger:\n        enabled: true\n        endpoint: http://jaeger:4317");

        Assert.Equal("http://jaeger:4317", options.Tracing.Exporters.Jaeger.Endpoint);
        using var provider = AutoTraderTracing.CreateTracerProvider(options);
    }

    private static ObservabilityOptions Load(string exporter) => ObservabilityConfiguration.LoadYaml(
        "observability:\n  tracing:\n    exporters:\n      " + exporter + "\n", new Dictionary<string, string>());
}
