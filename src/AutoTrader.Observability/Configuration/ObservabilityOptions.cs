using Microsoft.Extensions.Configuration;

namespace AutoTrader.Observability.Configuration;

/// <summary>
/// The <c>observability</c> section of <c>configs/observability.yaml</c>, bound once at start-up.
/// </summary>
public sealed class ObservabilityOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "observability";

    /// <summary>Service name written on every log line and as the <c>service.name</c> resource. Default value: <c>autotrader</c>.</summary>
    [ConfigurationKeyName("service_name")]
    public string ServiceName { get; set; } = "autotrader";

    /// <summary>Deployment environment (<c>ENVIRONMENT</c>). Default value: <c>development</c>.</summary>
    [ConfigurationKeyName("environment")]
    public string Environment { get; set; } = "development";

    /// <summary>Service version (<c>APP_VERSION</c>). Default value: <c>0.1.0</c>.</summary>
    [ConfigurationKeyName("version")]
    public string Version { get; set; } = "0.1.0";

    /// <summary>
    /// The <c>service.instance.id</c> resource attribute, which tells replicas apart. Default value:
    /// empty, meaning an id drawn once per process.
    /// </summary>
    [ConfigurationKeyName("service_instance_id")]
    public string ServiceInstanceId { get; set; } = "";

    /// <summary>
    /// More attributes of the resource every signal carries, such as <c>k8s.pod.name</c>
    /// (<c>OTEL_RESOURCE_ATTRIBUTES</c>); they cannot replace the four the keys above set.
    /// Default value: none.
    /// </summary>
    [ConfigurationKeyName("resource_attributes")]
    public Dictionary<string, string> ResourceAttributes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Structured logging.</summary>
    [ConfigurationKeyName("logging")]
    public LoggingOptions Logging { get; set; } = new();

    /// <summary>Prometheus metrics.</summary>
    [ConfigurationKeyName("metrics")]
    public MetricsOptions Metrics { get; set; } = new();

    /// <summary>Distributed tracing.</summary>
    [ConfigurationKeyName("tracing")]
    public TracingOptions Tracing { get; set; } = new();

    /// <summary>Health endpoint.</summary>
    [ConfigurationKeyName("health")]
    public HealthOptions Health { get; set; } = new();

    /// <summary>Alert thresholds, the source of the shipped Prometheus rules.</summary>
    [ConfigurationKeyName("alerts")]
    public AlertsOptions Alerts { get; set; } = new();

    /// <summary>Export tuning.</summary>
    [ConfigurationKeyName("performance")]
    public PerformanceOptions Performance { get; set; } = new();
}
