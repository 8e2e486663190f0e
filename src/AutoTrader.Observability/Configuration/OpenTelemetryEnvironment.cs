namespace AutoTrader.Observability.Configuration;

/// <summary>
/// The standard OpenTelemetry environment variables, read as the OpenTelemetry
/// environment-variable specification defines them and mapped onto configuration keys, above the
/// file and below the guide's variables and the command-line flags.
/// </summary>
public static class OpenTelemetryEnvironment
{
    /// <summary>Every variable read, in the order the documentation lists them.</summary>
    public static readonly IReadOnlyList<string> Variables =
    [
        OtelResourceVariables.ServiceName,
        OtelResourceVariables.ResourceAttributes,
        OtelExporterVariables.Endpoint,
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
        "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
        OtelExporterVariables.Protocol,
        "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
        "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL",
        "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL",
        OtelExporterVariables.Headers,
        "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
        "OTEL_EXPORTER_OTLP_METRICS_HEADERS",
        "OTEL_EXPORTER_OTLP_LOGS_HEADERS",
        OtelSamplerVariables.Sampler,
        OtelSamplerVariables.Argument,
        "OTEL_TRACES_EXPORTER",
        "OTEL_METRICS_EXPORTER",
        "OTEL_LOGS_EXPORTER",
        OtelExporterVariables.SdkDisabled,
    ];

    /// <summary>The layer that applies them all over the file.</summary>
    internal static void Apply(Dictionary<string, ConfigurationEntry> entries, IReadOnlyDictionary<string, string> environment, List<string> problems)
    {
        OtelResourceVariables.Apply(entries, environment, problems);
        OtelExporterVariables.Apply(entries, environment, problems);
        OtelSamplerVariables.Apply(entries, environment, problems);
    }
}
