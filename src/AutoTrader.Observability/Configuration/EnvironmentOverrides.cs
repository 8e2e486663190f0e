namespace AutoTrader.Observability.Configuration;

/// <summary>
/// The guide's environment variables and the keys they override, whatever the file and the
/// <c>OTEL_*</c> variables say.
/// </summary>
public static class EnvironmentOverrides
{
    /// <summary>Environment variable name to the configuration keys it sets.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Keys = new Dictionary<string, IReadOnlyList<string>>
    {
        ["LOG_LEVEL"] = ["observability:logging:level"],
        ["ENVIRONMENT"] = ["observability:environment"],
        ["APP_VERSION"] = ["observability:version"],
        ["METRICS_PORT"] = ["observability:metrics:port"],
        ["JAEGER_ENDPOINT"] = ["observability:tracing:exporters:jaeger:endpoint"],
        ["OTLP_ENDPOINT"] =
        [
            "observability:tracing:exporters:otlp:endpoint",
            "observability:metrics:exporters:otlp:endpoint",
            "observability:logging:exporters:otlp:endpoint",
        ],
    };
}
