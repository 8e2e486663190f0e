using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// In the hosting namespace, as .NET Aspire's AddServiceDefaults is, so callers need no extra using.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.Hosting;
#pragma warning restore IDE0130

/// <summary>The one call that turns on all three pillars for a host.</summary>
public static class ObservabilityHostBuilderExtensions
{
    /// <summary>
    /// Turns on structured logging, metrics and tracing from the <c>observability</c> section of
    /// the host's configuration (appsettings.json, <c>observability__logging__level</c> variables,
    /// ...), with the guide's and the <c>OTEL_*</c> environment variables over it, validated as
    /// <c>configs/observability.yaml</c> is. With no such section, the built-in defaults apply.
    /// </summary>
    /// <param name="builder">The host builder, such as a <c>WebApplicationBuilder</c> or a <c>HostApplicationBuilder</c>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ObservabilityConfigurationException">A value is invalid; the message names each one, and where it was set.</exception>
    public static TBuilder AddAutoTraderObservability<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddAutoTraderObservability(ObservabilityConfiguration.LoadFromHostConfiguration(builder.Configuration).Options);
    }

    /// <summary>
    /// Turns on structured logging, metrics and tracing from a YAML file in the shape of
    /// <c>configs/observability.yaml</c>, with its <c>${NAME:default}</c> placeholders and the
    /// environment variables over it.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="configurationFile">The YAML file; it must exist.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ObservabilityConfigurationException">The file is missing or malformed, or a value is invalid.</exception>
    public static TBuilder AddAutoTraderObservability<TBuilder>(this TBuilder builder, string configurationFile)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(configurationFile);
        return builder.AddAutoTraderObservability(ObservabilityConfiguration.Load(configurationFile));
    }

    /// <summary>
    /// Structured logging (always; over OTLP too when <c>logging.exporters.otlp</c> is on), metrics
    /// when <c>metrics.enabled</c> (pushed over OTLP too when <c>metrics.exporters.otlp</c> is on;
    /// otherwise the metric instruments exist but nothing listens) and tracing when
    /// <c>tracing.enabled</c>, all from one validated <see cref="ObservabilityOptions"/>, which is
    /// also registered as a singleton.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="options">Validated options, from <c>ObservabilityConfiguration.Load</c>.</param>
    /// <param name="logOutput">Where log lines go; null means standard output.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddAutoTraderObservability<TBuilder>(this TBuilder builder, ObservabilityOptions options, Stream? logOutput = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.Logging.AddAutoTraderLogging(options, logOutput);
        builder.Services.AddSingleton(options);
        if (options.Metrics.Enabled)
        {
            builder.Services.AddAutoTraderMetrics(options);
        }
        else
        {
            builder.Services.AddAutoTraderMetricInstruments(options);
        }

        if (options.Tracing.Enabled)
        {
            builder.Services.AddAutoTraderTracing(options);
        }

        return builder;
    }
}
