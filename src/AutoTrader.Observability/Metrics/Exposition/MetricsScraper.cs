using System.Buffers;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>
/// The pull side of the metrics pipeline: a MetricReader for the OpenTelemetry MeterProvider, and
/// <see cref="WriteAsync"/> that collects and writes one scrape payload.
/// </summary>
public sealed class MetricsScraper : IDisposable
{
    private const int CollectTimeoutMilliseconds = 10_000;

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ArrayBufferWriter<byte> buffer = new(64 * 1024);
    private readonly PullMetricExporter exporter = new();
    private readonly PrometheusSerializer serializer;
    private readonly ProtobufSerializer protobuf;
    private ExpositionFormat format;

    /// <summary>Creates the scraper and its reader.</summary>
    /// <param name="includeScopeLabels">Add <c>otel_scope_name</c> (and version) to every series. Default value: <c>false</c>.</param>
    public MetricsScraper(bool includeScopeLabels = false)
    {
        serializer = new PrometheusSerializer(includeScopeLabels);
        protobuf = new ProtobufSerializer(includeScopeLabels);
        Reader = new BaseExportingMetricReader(exporter) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative };
    }

    /// <summary>The reader to add to the MeterProvider (<c>AddReader</c>).</summary>
    public MetricReader Reader { get; }

    /// <summary>Collects the current values and writes them to <paramref name="destination"/> in <paramref name="expositionFormat"/>.</summary>
    /// <returns>False when the MeterProvider did not collect (not started, shut down or timed out); nothing is written then.</returns>
    public async Task<bool> WriteAsync(Stream destination, ExpositionFormat expositionFormat, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!Collect(expositionFormat))
            {
                return false;
            }

            await destination.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>One payload as a string (for tests and tools), in a text format.</summary>
    internal string Scrape(ExpositionFormat expositionFormat)
    {
        gate.Wait();
        try
        {
            return Collect(expositionFormat) ? System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan) : string.Empty;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Reader.Dispose();
        gate.Dispose();
    }

    private bool Collect(ExpositionFormat expositionFormat)
    {
        format = expositionFormat;
        buffer.ResetWrittenCount();
        serializer.Reset();
        exporter.OnExport = format == ExpositionFormat.Protobuf ? SerializeProtobuf : Serialize;

        // Observable instruments measure during the collection, on this thread: outside any span,
        // so that they take no exemplar from the span a scrape happens to run in.
        var span = Activity.Current;
        if (span is not null)
        {
            Activity.Current = null;
        }

        try
        {
            return Reader.Collect(CollectTimeoutMilliseconds) && buffer.WrittenCount > 0;
        }
        finally
        {
            exporter.OnExport = null;
            if (span is not null)
            {
                Activity.Current = span;
            }
        }
    }

    private ExportResult Serialize(Batch<Metric> batch)
    {
        PrometheusSerializer.WriteTargetInfo(buffer, exporter.ParentProvider?.GetResource() ?? Resource.Empty, format);
        foreach (var metric in batch)
        {
            serializer.Write(buffer, metric, format);
        }

        if (format == ExpositionFormat.OpenMetrics)
        {
            PrometheusSerializer.WriteEof(buffer);
        }

        return ExportResult.Success;
    }

    private ExportResult SerializeProtobuf(Batch<Metric> batch)
    {
        protobuf.Reset(batch);
        protobuf.WriteTargetInfo(buffer, exporter.ParentProvider?.GetResource() ?? Resource.Empty);
        foreach (var metric in batch)
        {
            protobuf.Write(buffer, metric);
        }

        return ExportResult.Success;
    }
}
