namespace AutoTrader.Observability.Configuration;

/// <summary>Configuration key paths as a user reads them in the YAML file.</summary>
internal static class ConfigurationKeys
{
    /// <summary><c>observability:logging:level</c> becomes <c>observability.logging.level</c>.</summary>
    public static string Display(string key) => key.Replace(':', '.');
}
