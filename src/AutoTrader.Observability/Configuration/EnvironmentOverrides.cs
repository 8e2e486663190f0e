namespace AutoTrader.Observability.Configuration;

/// <summary>The guide's environment variables and the keys they override, whatever the file says.</summary>
public static class EnvironmentOverrides
{
    /// <summary>Environment variable name to configuration key.</summary>
    public static readonly IReadOnlyDictionary<string, string> Keys = new Dictionary<string, string>
    {
        ["LOG_LEVEL"] = "observability:logging:level",
        ["ENVIRONMENT"] = "observability:environment",
        ["APP_VERSION"] = "observability:version",
        ["METRICS_PORT"] = "observability:metrics:port",
        ["JAEGER_ENDPOINT"] = "observability:tracing:exporters:jaeger:endpoint",
        ["OTLP_ENDPOINT"] = "observability:tracing:exporters:otlp:endpoint",
    };
}
