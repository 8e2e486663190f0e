using AutoTrader.Observability.Configuration;
using OpenTelemetry.Exporter;

namespace AutoTrader.Observability.Otlp;

/// <summary>Where and how the OTLP exporters send: endpoint URL and transport.</summary>
internal static class OtlpEndpoints
{
    private const int OtlpHttpPort = 4318;
    private const int JaegerThriftPort = 14268;

    /// <summary>Jaeger's legacy Thrift-over-HTTP collector (<c>:14268/api/traces</c>), which speaks no OTLP.</summary>
    public static bool IsJaegerThrift(Uri endpoint) =>
        endpoint.Port == JaegerThriftPort || endpoint.AbsolutePath.TrimEnd('/').EndsWith("/api/traces", StringComparison.OrdinalIgnoreCase);

    /// <summary>The transport named by <c>protocol</c>, or guessed from the URL when it is <c>auto</c>.</summary>
    public static OtlpExportProtocol Protocol(EndpointExporterOptions exporter, Uri endpoint, OtlpSignal signal = OtlpSignal.Traces) => exporter.Protocol switch
    {
        "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
        _ when endpoint.Port == OtlpHttpPort || endpoint.AbsolutePath.TrimEnd('/').EndsWith(signal.HttpPath(), StringComparison.Ordinal) => OtlpExportProtocol.HttpProtobuf,
        _ => OtlpExportProtocol.Grpc,
    };

    /// <summary>
    /// The URL the exporter posts to. Set in code, the SDK takes an HTTP endpoint as the full
    /// signal URL, so a bare <c>http://host:4318</c> gets the signal's path (<c>/v1/traces</c>).
    /// </summary>
    public static Uri Target(Uri endpoint, OtlpExportProtocol protocol, OtlpSignal signal = OtlpSignal.Traces)
    {
        var path = signal.HttpPath();
        if (protocol != OtlpExportProtocol.HttpProtobuf || endpoint.AbsolutePath.TrimEnd('/').EndsWith(path, StringComparison.Ordinal))
        {
            return endpoint;
        }

        var builder = new UriBuilder(endpoint);
        builder.Path = builder.Path.TrimEnd('/') + path;
        return builder.Uri;
    }
}
