using Microsoft.Extensions.Configuration;

namespace AutoTrader.Observability.Configuration;

/// <summary>An OTLP exporter: where it sends, over which transport, with which headers.</summary>
public class EndpointExporterOptions
{
    /// <summary>Default value: <c>false</c>.</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; }

    /// <summary>
    /// Absolute http or https URL of the receiver. Over HTTP/protobuf the signal's path
    /// (<c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>) is appended unless the URL already
    /// ends with it.
    /// </summary>
    [ConfigurationKeyName("endpoint")]
    public string Endpoint { get; set; } = "";

    /// <summary>The values <see cref="Protocol"/> accepts.</summary>
    public static readonly IReadOnlyList<string> Protocols = ["auto", "grpc", "http/protobuf"];

    /// <summary>
    /// OTLP transport: <c>grpc</c>, <c>http/protobuf</c>, or <c>auto</c>, which picks
    /// <c>http/protobuf</c> for port 4318 or a path ending in the signal's path (<c>/v1/traces</c>)
    /// and <c>grpc</c> otherwise. Default value: <c>auto</c>.
    /// </summary>
    [ConfigurationKeyName("protocol")]
    public string Protocol { get; set; } = "auto";

    /// <summary>
    /// Headers sent with every export, such as a hosted backend's API key:
    /// <c>headers: { api-key: "${VENDOR_API_KEY}" }</c>. Their values are never logged, printed or
    /// echoed in an error. Default value: none.
    /// </summary>
    [ConfigurationKeyName("headers")]
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The endpoint is the signal's full URL, sent to as is: true when it came from a per-signal
    /// variable (<c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> and its siblings), as the OpenTelemetry
    /// specification says.
    /// </summary>
    internal bool EndpointIsSignalUrl { get; set; }
}
