using Microsoft.Extensions.Configuration;

namespace AutoTrader.Observability.Configuration;

/// <summary>The <c>observability.health</c> section.</summary>
public sealed class HealthOptions
{
    /// <summary>Whether the health endpoints are served. Default value: <c>true</c>.</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Path of the readiness endpoint: JSON with one entry per health check; 200 when healthy or
    /// degraded, 503 when unhealthy. Default value: <c>/health</c>.
    /// </summary>
    [ConfigurationKeyName("endpoint")]
    public string Endpoint { get; set; } = "/health";

    /// <summary>Path of the liveness endpoint, which runs no check: 200 while the process answers. Default value: <c>/alive</c>.</summary>
    [ConfigurationKeyName("liveness_endpoint")]
    public string LivenessEndpoint { get; set; } = "/alive";
}
