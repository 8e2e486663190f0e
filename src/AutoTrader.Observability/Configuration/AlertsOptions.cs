using Microsoft.Extensions.Configuration;

namespace AutoTrader.Observability.Configuration;

/// <summary>The <c>observability.alerts</c> section: thresholds of the shipped alert rules.</summary>
public sealed class AlertsOptions
{
    /// <summary>Ratio of failed scans. Default value: 0.05 over 5m, warning.</summary>
    [ConfigurationKeyName("scan_error_rate")]
    public AlertThresholdOptions ScanErrorRate { get; set; } = new() { Threshold = 0.05, Window = "5m", Severity = "warning" };

    /// <summary>Data source latency in seconds. Default value: 5 over 5m, warning.</summary>
    [ConfigurationKeyName("data_source_latency")]
    public AlertThresholdOptions DataSourceLatency { get; set; } = new() { Threshold = 5, Window = "5m", Severity = "warning" };

    /// <summary>Circuit breaker trips. Default value: 3 in 10m, critical.</summary>
    [ConfigurationKeyName("circuit_breaker_trips")]
    public AlertThresholdOptions CircuitBreakerTrips { get; set; } = new() { Threshold = 3, Window = "10m", Severity = "critical" };

    /// <summary>API p95 latency in seconds. Default value: 2 over 5m, warning.</summary>
    [ConfigurationKeyName("api_latency_p95")]
    public AlertThresholdOptions ApiLatencyP95 { get; set; } = new() { Threshold = 2, Window = "5m", Severity = "warning" };

    /// <summary>Every threshold with its configuration key.</summary>
    public IEnumerable<(string Key, AlertThresholdOptions Threshold)> All()
    {
        yield return ("scan_error_rate", ScanErrorRate);
        yield return ("data_source_latency", DataSourceLatency);
        yield return ("circuit_breaker_trips", CircuitBreakerTrips);
        yield return ("api_latency_p95", ApiLatencyP95);
    }
}

/// <summary>One alert threshold.</summary>
public sealed class AlertThresholdOptions
{
    /// <summary>The allowed severities.</summary>
    public static readonly IReadOnlyList<string> Severities = ["info", "warning", "critical"];

    /// <summary>Value above which the alert fires.</summary>
    [ConfigurationKeyName("threshold")]
    public double Threshold { get; set; }

    /// <summary>Prometheus duration over which the value is measured, such as <c>5m</c>.</summary>
    [ConfigurationKeyName("window")]
    public string Window { get; set; } = "5m";

    /// <summary>info, warning or critical.</summary>
    [ConfigurationKeyName("severity")]
    public string Severity { get; set; } = "warning";
}
