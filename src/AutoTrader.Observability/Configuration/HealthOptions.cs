using Microsoft.Extensions.Configuration;

namespace AutoTrader.Observability.Configuration;

/// <summary>The <c>observability.health</c> section.</summary>
public sealed class HealthOptions
{
    /// <summary>Whether the health endpoint is served. Default value: <c>true</c>.</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; } = true;

    /// <summary>Path of the health endpoint. Default value: <c>/health</c>.</summary>
    [ConfigurationKeyName("endpoint")]
    public string Endpoint { get; set; } = "/health";
}
