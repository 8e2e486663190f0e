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
    /// <summary>
    /// The strategies <see cref="Strategy"/> accepts: the guide's three, then the OpenTelemetry
    /// samplers that <c>OTEL_TRACES_SAMPLER</c> names and none of those is
    /// (<c>parentbased_traceidratio</c> is <c>probability</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> Strategies =
        ["always_on", "always_off", "probability", "traceidratio", "parentbased_always_on", "parentbased_always_off"];

    /// <summary>
    /// <c>always_on</c>, <c>always_off</c>, <c>probability</c> (parent-based ratio), or the
    /// OpenTelemetry samplers <c>traceidratio</c> (ratio, ignoring the parent),
    /// <c>parentbased_always_on</c> and <c>parentbased_always_off</c> (roots always or never kept,
    /// children follow their parent). Default value: <c>probability</c>.
    /// </summary>
    [ConfigurationKeyName("strategy")]
    public string Strategy { get; set; } = "probability";

    /// <summary>Fraction (0..1) of traces kept by the <c>probability</c> and <c>traceidratio</c> strategies. Default value: <c>0.1</c>.</summary>
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
