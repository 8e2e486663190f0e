namespace AutoTrader.Observability.Configuration;

/// <summary>
/// <c>OTEL_SERVICE_NAME</c> and <c>OTEL_RESOURCE_ATTRIBUTES</c>: the attributes the configuration
/// has keys for set those keys, every other attribute is added to the resource.
/// </summary>
internal static class OtelResourceVariables
{
    public const string ServiceName = "OTEL_SERVICE_NAME";
    public const string ResourceAttributes = "OTEL_RESOURCE_ATTRIBUTES";

    /// <summary>The resource attributes that set a key of their own rather than <c>resource_attributes</c>.</summary>
    private static readonly Dictionary<string, string> KeyedAttributes = new(StringComparer.Ordinal)
    {
        ["service.name"] = "observability:service_name",
        ["service.version"] = "observability:version",
        ["service.instance.id"] = "observability:service_instance_id",
        ["deployment.environment.name"] = "observability:environment",
    };

    /// <summary>Applies both; <c>OTEL_SERVICE_NAME</c> wins over a <c>service.name</c> in the attributes, as the specification says.</summary>
    public static void Apply(Dictionary<string, ConfigurationEntry> entries, IReadOnlyDictionary<string, string> environment, List<string> problems)
    {
        if (EnvironmentVariableLayer.Value(environment, ResourceAttributes) is { } text)
        {
            var origin = EnvironmentVariableLayer.Origin(ResourceAttributes);
            if (OtelKeyValueList.Parse(text, out var problem) is not { } attributes)
            {
                problems.Add($"{ResourceAttributes}: {problem}");
            }
            else
            {
                foreach (var (name, value) in attributes)
                {
                    var key = KeyedAttributes.TryGetValue(name, out var keyed) ? keyed : "observability:resource_attributes:" + name;
                    entries[key] = new ConfigurationEntry(value, origin);
                }
            }
        }

        if (EnvironmentVariableLayer.Value(environment, ServiceName) is { } serviceName)
        {
            entries["observability:service_name"] = new ConfigurationEntry(serviceName, EnvironmentVariableLayer.Origin(ServiceName));
        }
    }
}
