using Microsoft.Extensions.Configuration;

namespace AutoTrader.Observability.Configuration;

/// <summary>
/// The <c>observability.alerts</c> section: when the shipped alerts fire and how loud, rendered
/// into <c>deploy/prometheus/rules/autotrader.rules.yml</c> by <c>autotrader alert-rules</c>.
/// What each alert measures (its expression, the 5-minute rates of the recording rules, the
/// 10 minutes trips are counted over) stays in the rules.
/// </summary>
public sealed class AlertsOptions
{
    /// <summary>HighScanErrorRate: the share of scans that failed on our side, over 5 minutes. Default value: 0.05 for 5m, warning.</summary>
    [ConfigurationKeyName("scan_error_rate")]
    public AlertThresholdOptions ScanErrorRate { get; set; } = new() { Threshold = 0.05, For = "5m", Severity = "warning" };

    /// <summary>HighDataSourceLatency: a data source's p95 latency in seconds, over 5 minutes. Default value: 5 for 5m, warning.</summary>
    [ConfigurationKeyName("data_source_latency")]
    public AlertThresholdOptions DataSourceLatency { get; set; } = new() { Threshold = 5, For = "5m", Severity = "warning" };

    /// <summary>CircuitBreakerTripping: the trips of one breaker in 10 minutes; fires at this many. Default value: 3 for 0s (at once), critical.</summary>
    [ConfigurationKeyName("circuit_breaker_trips")]
    public AlertThresholdOptions CircuitBreakerTrips { get; set; } = new() { Threshold = 3, For = "0s", Severity = "critical" };

    /// <summary>HighAPILatency: a route's p95 latency in seconds, over 5 minutes. Default value: 2 for 5m, warning.</summary>
    [ConfigurationKeyName("api_latency_p95")]
    public AlertThresholdOptions ApiLatencyP95 { get; set; } = new() { Threshold = 2, For = "5m", Severity = "warning" };

    /// <summary>Every threshold with its configuration key.</summary>
    public IEnumerable<(string Key, AlertThresholdOptions Threshold)> All()
    {
        yield return ("scan_error_rate", ScanErrorRate);
        yield return ("data_source_latency", DataSourceLatency);
        yield return ("circuit_breaker_trips", CircuitBreakerTrips);
        yield return ("api_latency_p95", ApiLatencyP95);
    }
}
