using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

// In the hosting namespace, as .NET Aspire's AddServiceDefaults is, so callers need no extra using.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.Hosting;
#pragma warning restore IDE0130

/// <summary>The one entry point that turns on all three pillars for a host.</summary>
public static class ObservabilityHostBuilderExtensions
{
    /// <summary>
    /// Structured logging (always; over OTLP too when <c>logging.exporters.otlp</c> is on), metrics
    /// when <c>metrics.enabled</c> (pushed over OTLP too when <c>metrics.exporters.otlp</c> is on;
    /// otherwise the metric instruments exist but nothing listens) and tracing when
    /// <c>tracing.enabled</c>, all from one validated <see cref="ObservabilityOptions"/>.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="options">Validated options, from <c>ObservabilityConfiguration.Load</c>.</param>
    /// <param name="logOutput">Where log lines go; null means standard output.</param>
    /// <param name="configureTracing">More sources or instrumentation, such as ASP.NET Core's (<c>AddAutoTraderWebInstrumentation</c>).</param>
    public static TBuilder AddAutoTraderObservability<TBuilder>(
        this TBuilder builder,
        ObservabilityOptions options,
        Stream? logOutput = null,
        Action<TracerProviderBuilder>? configureTracing = null)
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
            builder.Services.AddAutoTraderTracing(options, configureTracing);
        }

        return builder;
    }
}
