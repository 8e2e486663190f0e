using Microsoft.Extensions.Configuration;

namespace AutoTrader.Observability.Configuration;

/// <summary>When one alert fires: its threshold, how long it must hold, and its severity.</summary>
public sealed class AlertThresholdOptions
{
    /// <summary>The allowed severities.</summary>
    public static readonly IReadOnlyList<string> Severities = ["info", "warning", "critical"];

    /// <summary>The alert's threshold: the value it fires above (<c>circuit_breaker_trips</c>: at or above).</summary>
    [ConfigurationKeyName("threshold")]
    public double Threshold { get; set; }

    /// <summary>Prometheus duration the condition must hold before the alert fires, such as <c>5m</c>; <c>0s</c> fires at once.</summary>
    [ConfigurationKeyName("for")]
    public string For { get; set; } = "5m";

    /// <summary>info, warning or critical.</summary>
    [ConfigurationKeyName("severity")]
    public string Severity { get; set; } = "warning";
}
