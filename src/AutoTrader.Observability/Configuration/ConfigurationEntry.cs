namespace AutoTrader.Observability.Configuration;

/// <summary>One configuration value and where it came from.</summary>
/// <param name="Value">The text after placeholder expansion; null for an empty YAML value.</param>
/// <param name="Origin">Where the value was set, such as <c>configs/observability.yaml:12</c> or <c>environment variable LOG_LEVEL</c>.</param>
/// <param name="IsEmptyList">The value is an empty YAML sequence (<c>[]</c>).</param>
internal readonly record struct ConfigurationEntry(string? Value, string Origin, bool IsEmptyList = false);
