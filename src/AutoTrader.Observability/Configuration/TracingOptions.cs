using Microsoft.Extensions.Configuration;

namespace AutoTrader.Observability.Configuration;

/// <summary>The <c>observability.tracing</c> section.</summary>
public sealed class TracingOptions
{
    /// <summary>Whether spans are recorded and exported. Default value: <c>true</c>.</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; } = true;

    /// <summary>Which traces are kept.</summary>
    [ConfigurationKeyName("sampling")]
    public TraceSamplingOptions Sampling { get; set; } = new();

    /// <summary>Where spans go.</summary>
    [ConfigurationKeyName("exporters")]
    public TraceExportersOptions Exporters { get; set; } = new();
}

/// <summary>The <c>observability.tracing.sampling</c> section.</summary>
public sealed class TraceSamplingOptions
{
    /// <summary>The strategies <see cref="Strategy"/> accepts.</summary>
    public static readonly IReadOnlyList<string> Strategies = ["always_on", "always_off", "probability"];

    /// <summary><c>always_on</c>, <c>always_off</c> or <c>probability</c> (parent-based). Default value: <c>probability</c>.</summary>
    [ConfigurationKeyName("strategy")]
    public string Strategy { get; set; } = "probability";

    /// <summary>Fraction (0..1) of root traces kept by the <c>probability</c> strategy. Default value: <c>0.1</c>.</summary>
    [ConfigurationKeyName("probability")]
    public double Probability { get; set; } = 0.1;
}

/// <summary>The <c>observability.tracing.exporters</c> section.</summary>
public sealed class TraceExportersOptions
{
    /// <summary>Spans written to the console.</summary>
    [ConfigurationKeyName("console")]
    public ConsoleExporterOptions Console { get; set; } = new();

    /// <summary>Jaeger's collector endpoint (<c>JAEGER_ENDPOINT</c>).</summary>
    [ConfigurationKeyName("jaeger")]
    public EndpointExporterOptions Jaeger { get; set; } = new() { Endpoint = "http://localhost:14268/api/traces" };

    /// <summary>OTLP endpoint (<c>OTLP_ENDPOINT</c>).</summary>
    [ConfigurationKeyName("otlp")]
    public EndpointExporterOptions Otlp { get; set; } = new() { Endpoint = "http://localhost:4317" };
}

/// <summary>An exporter that is only switched on or off.</summary>
public sealed class ConsoleExporterOptions
{
    /// <summary>Default value: <c>false</c>.</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; }
}

/// <summary>An exporter that sends to an endpoint.</summary>
public sealed class EndpointExporterOptions
{
    /// <summary>Default value: <c>false</c>.</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; }

    /// <summary>Absolute http or https URL of the receiver.</summary>
    [ConfigurationKeyName("endpoint")]
    public string Endpoint { get; set; } = "";

    /// <summary>The values <see cref="Protocol"/> accepts.</summary>
    public static readonly IReadOnlyList<string> Protocols = ["auto", "grpc", "http/protobuf"];

    /// <summary>
    /// OTLP transport: <c>grpc</c>, <c>http/protobuf</c>, or <c>auto</c>, which picks
    /// <c>http/protobuf</c> for port 4318 or a path ending in <c>/v1/traces</c> and <c>grpc</c>
    /// otherwise. Default value: <c>auto</c>.
    /// </summary>
    [ConfigurationKeyName("protocol")]
    public string Protocol { get; set; } = "auto";
}
