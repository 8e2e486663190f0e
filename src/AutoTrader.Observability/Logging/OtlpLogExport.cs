using System.Runtime.CompilerServices;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Otlp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// Sends the events <see cref="AutoTraderLoggerProvider"/> writes to the console over OTLP too
/// (<c>logging.exporters.otlp</c>), through the OpenTelemetry SDK's logger: severity, the event
/// name (the record's event name and body), the fields, bound context and scopes as attributes
/// (redacted as on the console), the trace context of the caller and the service resource;
/// batched, and bounded by <c>performance.log_max_queue_size</c>.
/// </summary>
/// <remarks>
/// Fed from our provider rather than registered beside it, so that OTLP gets exactly the console's
/// events (level, filters, sampling) and their redaction. Records past the bound are dropped here
/// and counted (<see cref="QueueFullRecords"/>), before the SDK's own queue of the same size could
/// drop them uncounted; records of failed exports are counted in <see cref="ExportFailedRecords"/>.
/// </remarks>
internal sealed class OtlpLogExport : IDisposable
{
    private readonly LogLineSettings _settings;
    private readonly ServiceProvider _services;
    private readonly ILoggerProvider _sdk;
    private readonly BatchLogRecordExportProcessor _batch;
    private readonly int _capacity;
    private long _pending;
    private long _queueFull;
    private long _exportFailed;

    public OtlpLogExport(ObservabilityOptions options, LogLineSettings settings)
    {
        _settings = settings;
        var batch = OtlpExport.Batch(OtlpSignal.Logs, options.Performance);
        _capacity = batch.MaxQueueSize;
        var otlp = new OtlpLogExporter(OtlpExport.Options(options.Logging.Exporters.Otlp, OtlpSignal.Logs, options.Performance));
        _batch = new BatchLogRecordExportProcessor(
            new CountingLogExporter(otlp, Exported),
            maxQueueSize: batch.MaxQueueSize,
            scheduledDelayMilliseconds: batch.DelayMilliseconds,
            exporterTimeoutMilliseconds: batch.TimeoutMilliseconds,
            maxExportBatchSize: batch.MaxBatchSize);
        _services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddOpenTelemetry(sdk =>
            {
                sdk.IncludeScopes = false; // the scopes are attributes already (OtlpLogAttributes)
                sdk.ParseStateValues = true;
                sdk.SetResourceBuilder(ServiceResource.Apply(ResourceBuilder.CreateEmpty(), options));
                sdk.AddProcessor(_batch);
                sdk.AddProcessor(new ExporterHolder(otlp));
            }))
            .BuildServiceProvider();
        _sdk = _services.GetServices<ILoggerProvider>().Single();
    }

    /// <summary>Records dropped because <c>performance.log_max_queue_size</c> records were waiting.</summary>
    public long QueueFullRecords => Interlocked.Read(ref _queueFull);

    /// <summary>Records in batches the exporter failed to send.</summary>
    public long ExportFailedRecords => Interlocked.Read(ref _exportFailed);

    /// <summary>The SDK's logger of a category: the records' instrumentation scope.</summary>
    public ILogger CreateLogger(string category) => _sdk.CreateLogger(category);

    /// <summary>Sends one event the console got; throws only what reading its values threw.</summary>
    public void Send<TState>(ILogger sdkLogger, LogLevel level, EventId eventId, ref TState state, Exception? exception, Func<TState, Exception?, string>? formatter, IExternalScopeProvider scopes)
    {
        if (Sdk.SuppressInstrumentation)
        {
            return; // the SDK drops what is logged while it exports: not queued, not lost
        }

        if (Interlocked.Increment(ref _pending) > _capacity)
        {
            Interlocked.Decrement(ref _pending);
            Interlocked.Increment(ref _queueFull);
            ObservabilityEventSource.Log.TelemetryDropped("logs", "export_queue_full", 1);
            return;
        }

        var queued = false;
        var attributes = OtlpLogAttributes.Acquire(_settings);
        try
        {
            if (typeof(TState) == typeof(StructuredLogState))
            {
                ref var structured = ref Unsafe.As<TState, StructuredLogState>(ref state);
                attributes.AddEvent(in structured);
                eventId = new EventId(eventId.Id, structured.Event);
            }
            else
            {
                attributes.AddClassic(ref state, exception, formatter);
            }

            attributes.AddScopes(scopes);
            sdkLogger.Log(level, eventId, attributes, exception, OtlpLogAttributes.BodyOf);
            queued = true;
        }
        finally
        {
            attributes.Release();
            if (!queued)
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    /// <summary>Waits until every record handed over has been exported, or its export has failed.</summary>
    /// <remarks>
    /// The SDK's flush returns once the records have left its queue, which is before the export
    /// of the last batch has finished; the count of records not yet through the exporter is exact.
    /// </remarks>
    public bool Flush(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        _batch.ForceFlush((int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue));
        return SpinWait.SpinUntil(() => Interlocked.Read(ref _pending) == 0, Max(deadline - DateTime.UtcNow, TimeSpan.Zero));
    }

    /// <summary>Sends what is queued (within the export timeout) and stops.</summary>
    public void Dispose() => _services.Dispose();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private void Exported(long records, bool succeeded)
    {
        Interlocked.Add(ref _pending, -records);
        if (!succeeded)
        {
            Interlocked.Add(ref _exportFailed, records);
            ObservabilityEventSource.Log.ExportFailed("logs", records);
        }
    }
}
