using System.Diagnostics.Metrics;
using AutoTrader.Observability;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using AutoTrader.Observability.Metrics;
using AutoTrader.Observability.Metrics.Exposition;
using AutoTrader.Observability.Otlp;
using AutoTrader.Observability.Tracing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

#pragma warning disable IDE0130 // In the DI namespace, as Microsoft's own Add* extensions are, so callers need no extra using.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the metrics pipeline: catalog, registry, OpenTelemetry MeterProvider and the scrape reader.</summary>
public static class MetricsServiceCollectionExtensions
{
    /// <summary>The meter of the .NET runtime's own metrics (GC, thread pool, JIT, CPU, memory).</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>
    /// Adds <see cref="MetricRegistry"/>, <see cref="AutoTraderMetrics"/> and <see cref="MetricsScraper"/>
    /// as singletons, and an OpenTelemetry MeterProvider that listens to the <c>AutoTrader</c> meter,
    /// the .NET runtime meter (with <c>AutoTrader.Runtime</c>, see <see cref="ThreadPoolGauges"/>) and
    /// the OpenTelemetry SDK's own meter (spans exported or dropped by the export queue), with the
    /// configured buckets, cardinality limits and exemplar filter; with <c>metrics.framework_meters</c>,
    /// also the meters of ASP.NET Core, Kestrel, HttpClient and DNS resolution (see <see cref="FrameworkMeters"/>);
    /// and, when <c>metrics.exporters.otlp</c> is on, a reader that pushes the same metrics over OTLP
    /// every <c>interval_seconds</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">Validated observability options.</param>
    /// <param name="includeRuntimeMetrics">Also expose the .NET runtime meter as <c>dotnet_*</c> (its thread pool thread count and queue length as gauges, see docs/metrics.md). Default value: <c>true</c>.</param>
    /// <returns>The OpenTelemetry builder, to chain tracing or more metrics onto.</returns>
    /// <remarks>
    /// Every instrument on a meter named <c>AutoTrader</c> must be defined through the registered
    /// <see cref="MetricRegistry"/>: such a meter from elsewhere is dropped, which is what keeps two
    /// hosts in one process (tests) apart.
    /// </remarks>
    public static IOpenTelemetryBuilder AddAutoTraderMetrics(this IServiceCollection services, ObservabilityOptions options, bool includeRuntimeMetrics = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddAutoTraderMetricInstruments(options);
        services.AddSingleton(_ => new MetricsScraper(options.Metrics.ScopeLabels));

        return services.AddOpenTelemetry()
            .ConfigureResource(resource => ServiceResource.Apply(resource, options))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(MetricRegistry.MeterName, TraceExportStatistics.SdkMeterName)
                    .SetExemplarFilter(ExemplarFilterOf(options.Metrics))
                    .AddReader(sp => sp.GetRequiredService<MetricsScraper>().Reader);
                if (options.Metrics.Exporters.Otlp.Enabled)
                {
                    metrics.AddReader(sp => OtlpReader(options, sp.GetRequiredService<MetricExportFailures>()));
                }

                if (includeRuntimeMetrics)
                {
                    ThreadPoolGauges.EnsureCreated();
                    metrics.AddMeter(RuntimeMeterName, ThreadPoolGauges.MeterName);
                }

                if (options.Metrics.FrameworkMeters)
                {
                    metrics.AddMeter([.. FrameworkMeters.MeterNames]);
                    ((IDeferredMeterProviderBuilder)metrics).Configure((sp, builder) =>
                    {
                        var hostMeters = sp.GetService<IMeterFactory>();
                        builder.AddView(instrument => FrameworkMeters.StreamFor(instrument, hostMeters, options.Metrics));
                    });
                }

                ((IDeferredMeterProviderBuilder)metrics).Configure((sp, builder) =>
                {
                    var registry = sp.GetRequiredService<MetricRegistry>();
                    sp.GetRequiredService<AutoTraderMetrics>();
                    builder.AddView(instrument => StreamFor(registry, instrument));
                    builder.AddView(instrument => NativeStreamFor(registry, instrument, options.Metrics.Histograms));
                });
            });
    }

    /// <summary>
    /// Adds only <see cref="MetricRegistry"/> (with <c>telemetry_dropped_total</c>, read from the
    /// host's <see cref="AutoTraderLoggerProvider"/> and span exporters) and
    /// <see cref="AutoTraderMetrics"/>, with nothing listening: code that records metrics runs
    /// unchanged and each record returns at once. This is what <c>metrics.enabled: false</c> means.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">Validated observability options.</param>
    public static IServiceCollection AddAutoTraderMetricInstruments(this IServiceCollection services, ObservabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton<SpanExportFailures>();
        services.TryAddSingleton<MetricExportFailures>();
        services.AddSingleton(sp =>
        {
            var registry = new MetricRegistry(options.Metrics, sp.GetService<ILoggerFactory>()?.CreateLogger("AutoTrader.Metrics"));
            registry.Observe(new TelemetryLoss(
                sp.GetService<AutoTraderLoggerProvider>(), sp.GetRequiredService<SpanExportFailures>(), sp.GetRequiredService<MetricExportFailures>()));
            return registry;
        });
        services.AddSingleton(sp => new AutoTraderMetrics(sp.GetRequiredService<MetricRegistry>(), options.Metrics.Histograms));
        return services;
    }

    /// <summary>
    /// The OTLP push: a second reader of the same provider, so the same views (names, buckets,
    /// cardinality limits) shape what it sends; the names are the instrument names, which are the
    /// Prometheus names already.
    /// </summary>
    private static PeriodicExportingMetricReader OtlpReader(ObservabilityOptions options, MetricExportFailures failures)
    {
        var exporter = options.Metrics.Exporters.Otlp;
        return new PeriodicExportingMetricReader(
            new FailureCountingOtlpMetricExporter(OtlpExport.Options(exporter, OtlpSignal.Metrics, options.Performance), failures),
            exportIntervalMilliseconds: (int)Math.Clamp(exporter.IntervalSeconds * 1000, 1, int.MaxValue),
            exportTimeoutMilliseconds: OtlpExport.TimeoutMilliseconds(options.Performance))
        {
            TemporalityPreference = exporter.Temporality == "delta" ? MetricReaderTemporalityPreference.Delta : MetricReaderTemporalityPreference.Cumulative,
        };
    }

    /// <summary>
    /// <c>metrics.exemplars</c> as the SDK's filter: <c>trace_based</c> offers a measurement to the
    /// exemplar reservoir only inside a sampled span; <c>always_off</c> gives the streams no
    /// reservoir at all, so a record does not even look at the current span.
    /// </summary>
    private static ExemplarFilterType ExemplarFilterOf(MetricsOptions metrics) =>
        metrics.Exemplars == "always_off" ? ExemplarFilterType.AlwaysOff : ExemplarFilterType.TraceBased;

    /// <summary>
    /// A registry histogram named under <c>metrics.histograms.native</c> gets a second stream, its
    /// native histogram (see <see cref="NativeHistogramStreams"/>), with the classic stream's limit.
    /// </summary>
    private static MetricStreamConfiguration? NativeStreamFor(MetricRegistry registry, System.Diagnostics.Metrics.Instrument instrument, HistogramBucketOptions histograms) =>
        instrument.Meter == registry.Meter && registry.FindStream(instrument.Name) is { Definition.Kind: MetricKind.Histogram } stream
            ? NativeHistogramStreams.For(instrument.Name, histograms, stream.CardinalityLimit + 2)
            : null;

    /// <summary>
    /// The registry's instruments keep their buckets and get an SDK cardinality limit above the
    /// guard's, so that the guard, not the SDK, decides what folds. Another registry's meter of the
    /// same name (another host in the same process) is dropped rather than mixed in. The runtime's
    /// thread pool instruments are dropped for <see cref="ThreadPoolGauges"/>.
    /// </summary>
    private static MetricStreamConfiguration? StreamFor(MetricRegistry registry, System.Diagnostics.Metrics.Instrument instrument)
    {
        if (instrument.Meter.Name == RuntimeMeterName && ThreadPoolGauges.Replaced.Contains(instrument.Name))
        {
            return MetricStreamConfiguration.Drop;
        }

        if (instrument.Meter.Name != MetricRegistry.MeterName)
        {
            return null;
        }

        if (instrument.Meter != registry.Meter)
        {
            return MetricStreamConfiguration.Drop;
        }

        if (registry.FindStream(instrument.Name) is not { } stream)
        {
            return null;
        }

        var sdkLimit = stream.CardinalityLimit + 2;
        return stream.Definition.Kind == MetricKind.Histogram
            ? new ExplicitBucketHistogramConfiguration { Boundaries = [.. stream.Definition.Buckets], CardinalityLimit = sdkLimit }
            : new MetricStreamConfiguration { CardinalityLimit = sdkLimit };
    }
}
