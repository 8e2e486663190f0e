using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Otlp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.Tracing;

/// <summary>Turns <see cref="ObservabilityOptions"/> into a tracer provider's source, sampler, resource and exporters.</summary>
internal static class TracerProviderConfiguration
{
    public static TracerProviderBuilder Apply(TracerProviderBuilder builder, ObservabilityOptions options)
    {
        TraceExportStatistics.EnsureListening();
        if (RecordsAnything(options.Tracing))
        {
            // Outgoing HttpClient calls become spans and carry the W3C traceparent header. The
            // ASP.NET Core package's request spans are listened to here, so that the host's one
            // call turns them on; without that package nothing uses the source.
            builder.AddSource(AutoTraderTracing.SourceName, ServerRequestSampling.HttpServerSourceName).AddHttpClientInstrumentation();
        }

        builder
            .SetSampler(new PreDecidedSampler(TraceSamplers.From(options.Tracing)))
            .SetResourceBuilder(ServiceResource.Apply(ResourceBuilder.CreateEmpty(), options))
            .AddProcessor(new RedactingSpanProcessor([.. options.Logging.EffectiveRedactFields]));

        // The exporters count the spans they fail to send here: the host's own, which its metrics
        // read (a provider built without a host gets one of its own).
        builder.ConfigureServices(services => services.TryAddSingleton<SpanExportFailures>());

        var exporters = options.Tracing.Exporters;
        if (!options.Tracing.Enabled)
        {
            return builder;
        }

        var batch = OtlpExport.Batch(OtlpSignal.Traces, options.Performance);
        if (exporters.Console.Enabled)
        {
            builder.AddProcessor(services => new BatchActivityExportProcessor(
                new ConsoleSpanExporter(Console.OpenStandardError(), services.GetRequiredService<SpanExportFailures>()),
                maxQueueSize: batch.MaxQueueSize,
                scheduledDelayMilliseconds: 200,
                exporterTimeoutMilliseconds: batch.TimeoutMilliseconds,
                maxExportBatchSize: batch.MaxBatchSize));
        }

        AddOtlp(builder, "otlp", exporters.Otlp, options.Performance);
        AddOtlp(builder, "jaeger", exporters.Jaeger, options.Performance);
        return builder;
    }

    /// <summary>
    /// The SDK still creates an unrecorded, propagation-only span for every span its sampler drops;
    /// a source nobody listens to creates none, so switched-off tracing costs nothing at all.
    /// </summary>
    internal static bool RecordsAnything(TracingOptions tracing) => tracing.Enabled && tracing.Sampling.Strategy != "always_off";


    /// <summary>
    /// The Jaeger exporter is an OTLP exporter too: Jaeger ingests OTLP, and configuration validation
    /// has already refused its legacy Thrift endpoint.
    /// </summary>
    /// <remarks>
    /// Built here rather than with <c>AddOtlpExporter</c>, so that the spans of batches it fails to
    /// send are counted (<see cref="FailureCountingOtlpExporter"/>); its options are every
    /// signal's (<see cref="OtlpExport"/>).
    /// </remarks>
    private static void AddOtlp(TracerProviderBuilder builder, string name, EndpointExporterOptions exporter, PerformanceOptions performance)
    {
        if (!exporter.Enabled)
        {
            return;
        }

        var endpoint = new Uri(exporter.Endpoint);
        if (name == "jaeger" && OtlpEndpoints.IsJaegerThrift(endpoint))
        {
            throw new ObservabilityConfigurationException(
                $"observability.tracing.exporters.jaeger.endpoint = '{exporter.Endpoint}': Jaeger's legacy Thrift collector is not supported; point JAEGER_ENDPOINT at Jaeger's OTLP port or set OTLP_ENDPOINT instead");
        }

        var otlp = OtlpExport.Options(exporter, OtlpSignal.Traces, performance);
        var batch = OtlpExport.Batch(OtlpSignal.Traces, performance);
        builder.AddProcessor(services => new BatchActivityExportProcessor(
            new FailureCountingOtlpExporter(otlp, services.GetRequiredService<SpanExportFailures>()),
            maxQueueSize: batch.MaxQueueSize,
            scheduledDelayMilliseconds: batch.DelayMilliseconds,
            exporterTimeoutMilliseconds: batch.TimeoutMilliseconds,
            maxExportBatchSize: batch.MaxBatchSize));
    }
}
