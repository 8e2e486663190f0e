using AutoTrader.Observability.Configuration;
using OpenTelemetry.Resources;

namespace AutoTrader.Observability;

/// <summary>
/// The one resource every signal carries: spans, the metrics' <c>target_info</c> (and OTLP metrics
/// and logs where they are exported), so that a backend joins them on the same attributes.
/// </summary>
public static class ServiceResource
{
    /// <summary>
    /// The instance id of this process when the configuration names none: drawn once, so that every
    /// provider of the process (traces, metrics, logs; several hosts in a test) reports the same.
    /// </summary>
    public static string ProcessInstanceId { get; } = Guid.NewGuid().ToString();

    /// <summary>The attributes the options' own keys set, which <c>resource_attributes</c> may not hold.</summary>
    public static readonly IReadOnlyList<string> KeyedAttributes =
        ["service.name", "service.version", "service.instance.id", "deployment.environment.name"];

    /// <summary>
    /// Makes <paramref name="builder"/> hold only <c>service.name</c>, <c>service.version</c>,
    /// <c>service.instance.id</c>, <c>deployment.environment.name</c>, the configured
    /// <c>resource_attributes</c> and the <c>telemetry.sdk.*</c> attributes, from
    /// <c>service_name</c>, <c>version</c>, <c>service_instance_id</c> (or
    /// <see cref="ProcessInstanceId"/>) and <c>environment</c>.
    /// </summary>
    /// <remarks>
    /// Cleared first, so that the SDK does not read <c>OTEL_SERVICE_NAME</c> and
    /// <c>OTEL_RESOURCE_ATTRIBUTES</c> itself: the configuration has already (with its precedence).
    /// </remarks>
    public static ResourceBuilder Apply(ResourceBuilder builder, ObservabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        return builder.Clear()
            .AddService(options.ServiceName, serviceVersion: options.Version, serviceInstanceId: InstanceIdOf(options))
            .AddAttributes([new("deployment.environment.name", options.Environment)])
            .AddAttributes(options.ResourceAttributes
                .Where(a => !KeyedAttributes.Contains(a.Key))
                .Select(a => new KeyValuePair<string, object>(a.Key, a.Value)))
            .AddTelemetrySdk();
    }

    /// <summary>The configured <c>service_instance_id</c>, or <see cref="ProcessInstanceId"/> when it is empty.</summary>
    public static string InstanceIdOf(ObservabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.ServiceInstanceId) ? ProcessInstanceId : options.ServiceInstanceId;
    }
}
