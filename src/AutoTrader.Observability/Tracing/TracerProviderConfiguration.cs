using AutoTrader.Observability.Configuration;
using OpenTelemetry;
using OpenTelemetry.Exporter;
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
            // Outgoing HttpClient calls become spans and carry the W3C traceparent header.
            builder.AddSource(AutoTraderTracing.SourceName).AddHttpClientInstrumentation();
        }

        builder
            .SetSampler(new PreDecidedSampler(TraceSamplers.From(options.Tracing)))
            .SetResourceBuilder(Resource(options))
            .AddProcessor(new RedactingSpanProcessor([.. options.Logging.EffectiveRedactFields]));

        var exporters = options.Tracing.Exporters;
        if (!options.Tracing.Enabled)
        {
            return builder;
        }

        if (exporters.Console.Enabled)
        {
            var console = new ConsoleSpanExporter(Console.OpenStandardError());
            builder.AddProcessor(new BatchActivityExportProcessor(
                console,
                maxQueueSize: options.Performance.SpanMaxQueueSize,
                scheduledDelayMilliseconds: 200,
                exporterTimeoutMilliseconds: (int)TimeSpan.FromSeconds(options.Performance.ExportTimeoutSeconds).TotalMilliseconds,
                maxExportBatchSize: options.Performance.SpanBatchSize));
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

    private static ResourceBuilder Resource(ObservabilityOptions options) => ResourceBuilder.CreateEmpty()
        .AddService(options.ServiceName, serviceVersion: options.Version)
        .AddAttributes([new("deployment.environment", options.Environment)])
        .AddTelemetrySdk();

    /// <summary>
    /// The Jaeger exporter is an OTLP exporter too: Jaeger ingests OTLP, and configuration validation
    /// has already refused its legacy Thrift endpoint.
    /// </summary>
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

        var protocol = OtlpEndpoints.Protocol(exporter, endpoint);
        var timeout = (int)TimeSpan.FromSeconds(performance.ExportTimeoutSeconds).TotalMilliseconds;
        builder.AddOtlpExporter(name, otlp =>
        {
            otlp.Endpoint = OtlpEndpoints.Target(endpoint, protocol);
            otlp.Protocol = protocol;
            otlp.TimeoutMilliseconds = timeout;
            otlp.ExportProcessorType = ExportProcessorType.Batch;
            otlp.BatchExportProcessorOptions = new BatchExportActivityProcessorOptions
            {
                MaxQueueSize = performance.SpanMaxQueueSize,
                MaxExportBatchSize = performance.SpanBatchSize,
                ScheduledDelayMilliseconds = (int)TimeSpan.FromSeconds(performance.SpanExportDelaySeconds).TotalMilliseconds,
                ExporterTimeoutMilliseconds = timeout,
            };
        });
    }
}
