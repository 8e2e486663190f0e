using System.Runtime.CompilerServices;
using System.Text.Json;
using AutoTrader.Observability.Configuration;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// The <see cref="ILoggerProvider"/> that writes every event, from the structured API and from
/// classic <c>ILogger</c> calls of the framework and libraries alike, as one line in the guide's
/// shape (<see cref="LogSchema"/>), and, when <c>logging.exporters.otlp</c> is on, sends the same
/// events over OTLP too (<see cref="OtlpLogExport"/>).
/// </summary>
/// <remarks>
/// A structured event's values are captured on the caller's thread and formatted by a background
/// writer that owns the output; other events (classic calls, exceptions, mutable values) are
/// formatted on the caller's thread (<see cref="LogEntry"/>). Disposing the
/// provider writes every queued line before it returns (waiting a few seconds at most for a
/// blocked output). Nothing it does throws into the application: failures are counted in
/// <see cref="Statistics"/>.
/// </remarks>
[ProviderAlias("AutoTrader")]
public sealed class AutoTraderLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly LogLineSettings _settings;
    private readonly LogSampler _sampler;
    private readonly LogLineWriter? _writer;
    private readonly OtlpLogExport? _otlp;
    private readonly bool _console;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
    private long _failures;

    /// <summary>Creates a provider from the <c>observability</c> options.</summary>
    /// <param name="options">Validated options (service, environment, version, logging).</param>
    /// <param name="output">Where lines go; null means standard output.</param>
    /// <param name="time">Clock of the <c>timestamp</c> key; null means the system clock.</param>
    public AutoTraderLoggerProvider(ObservabilityOptions options, Stream? output = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logging = options.Logging;
        MinimumLevel = LogLevelNames.Parse(logging.Level);
        _settings = new LogLineSettings(options.ServiceName, options.Environment, options.Version, logging.EffectiveRedactFields, time ?? TimeProvider.System);
        _sampler = new LogSampler(logging.Sampling.Enabled, logging.Sampling.Rate);
        _console = string.Equals(logging.Format, "console", StringComparison.OrdinalIgnoreCase);
        if (logging.EnableConsole || output is not null)
        {
            _writer = new LogLineWriter(output ?? Console.OpenStandardOutput(), logging.QueueCapacityBytes, ReportDroppedLines);

            // A program that returns from Main without disposing its logger factory still gets its lines out.
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        }

        if (logging.Exporters.Otlp.Enabled)
        {
            _otlp = new OtlpLogExport(options, _settings);
        }
    }

    /// <summary>The lowest level written.</summary>
    public LogLevel MinimumLevel { get; }

    /// <summary>What was lost and why; also exposed as <c>telemetry_dropped_total{signal="logs"}</c>.</summary>
    internal LoggingStatistics Statistics => new(
        _writer?.QueueFullLines ?? 0,
        _writer?.WriteFailedLines ?? 0,
        Volatile.Read(ref _failures) + (_writer?.FormatFailures ?? 0),
        _sampler.Dropped,
        _otlp?.QueueFullRecords ?? 0,
        _otlp?.ExportFailedRecords ?? 0);

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new AutoTraderLogger(categoryName, this);

    /// <inheritdoc />
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <summary>Waits until queued lines are written (and queued OTLP records exported); for tests and orderly hand-overs.</summary>
    public bool Flush(TimeSpan timeout)
    {
        var written = _writer?.Flush(timeout) ?? true;
        return (_otlp?.Flush(timeout) ?? true) && written;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        _writer?.Dispose();
        _otlp?.Dispose();
    }

    private void OnProcessExit(object? sender, EventArgs e) => _writer?.Dispose();

    internal IExternalScopeProvider Scopes => _scopes;

    /// <summary>The OTLP logger of a category, or null when logs do not go over OTLP.</summary>
    internal ILogger? OtlpLogger(string category) => _otlp?.CreateLogger(category);

    /// <summary>Formats every event on the caller's thread, as before capture existed: for benchmarks that show the whole cost on the caller.</summary>
    internal bool FormatOnCaller { get; set; }

    internal void Write<TState>(JsonEncodedText category, ILogger? otlp, LogLevel level, EventId eventId, ref TState state, Exception? exception, Func<TState, Exception?, string>? formatter)
    {
        if ((_writer is null && otlp is null) || level < MinimumLevel || level == LogLevel.None || !_sampler.Keep(level))
        {
            return;
        }

        if (_writer is not null)
        {
            WriteLine(category, level, eventId, ref state, exception, formatter);
        }

        if (otlp is not null)
        {
            try
            {
                _otlp!.Send(otlp, level, eventId, ref state, exception, formatter, _scopes);
            }
#pragma warning disable CA1031 // logging never throws into the application; the loss is counted
            catch (Exception)
            {
                Interlocked.Increment(ref _failures);
                ObservabilityEventSource.Log.TelemetryDropped("logs", "format_failed", 1);
            }
#pragma warning restore CA1031
        }
    }

    private void WriteLine<TState>(JsonEncodedText category, LogLevel level, EventId eventId, ref TState state, Exception? exception, Func<TState, Exception?, string>? formatter)
    {
        try
        {
            if (!_console && !FormatOnCaller && exception is null && typeof(TState) == typeof(StructuredLogState)
                && TryQueueCaptured(category, level, in Unsafe.As<TState, StructuredLogState>(ref state)))
            {
                return;
            }

            FormatHere(category, level, eventId, ref state, exception, formatter);
        }
#pragma warning disable CA1031 // logging never throws into the application; the loss is counted
        catch (Exception)
        {
            Interlocked.Increment(ref _failures);
            ObservabilityEventSource.Log.TelemetryDropped("logs", "format_failed", 1);
        }
#pragma warning restore CA1031
    }

    /// <summary>Captures the event for the writer to format; false when it must be formatted here (no free entry, or a value that could change).</summary>
    private bool TryQueueCaptured(JsonEncodedText category, LogLevel level, in StructuredLogState state)
    {
        if (_writer!.RentEntry() is not { } entry)
        {
            return false;
        }

        var captured = false;
        try
        {
            captured = entry.TryCapture(_settings, category, level, in state, _scopes);
        }
        finally
        {
            if (!captured)
            {
                entry.Clear();
                LogEntry.KeepSpare(entry);
            }
        }

        if (captured)
        {
            _writer.TryEnqueue(entry);
        }

        return captured;
    }

    /// <summary>Formats the line on the caller's thread and queues its bytes.</summary>
    private void FormatHere<TState>(JsonEncodedText category, LogLevel level, EventId eventId, ref TState state, Exception? exception, Func<TState, Exception?, string>? formatter)
    {
        var builder = JsonLineBuilder.Acquire();
        try
        {
            var line = builder.Build(_settings, category, level, eventId, ref state, exception, formatter, _scopes);
            if (_console)
            {
                WriteConsole(line);
            }
            else
            {
                _writer!.TryWrite(line);
            }
        }
        finally
        {
            builder.Release();
        }
    }

    private void WriteConsole(ReadOnlySpan<byte> jsonLine)
    {
        var rendered = new System.Buffers.ArrayBufferWriter<byte>(jsonLine.Length);
        ConsoleLineRenderer.Render(jsonLine, rendered);
        _writer!.TryWrite(rendered.WrittenSpan);
    }

    private void ReportDroppedLines(long count)
    {
        ObservabilityEventSource.Log.TelemetryDropped("logs", "queue_full_or_write_failed", count);
        var state = new StructuredLogState(
            "log_lines_dropped",
            [("dropped_count", count), ("reason", "log queue full or output failing")],
            2,
            null);
        Write(SelfCategory, _selfOtlp ??= OtlpLogger(SelfCategoryName), LogLevel.Warning, default, ref state, null, StructuredLogState.Formatter);
    }

    private const string SelfCategoryName = "AutoTrader.Observability.Logging";

    private static readonly JsonEncodedText SelfCategory = JsonEncodedText.Encode(SelfCategoryName);

    private ILogger? _selfOtlp;
}

/// <summary>Counts of log events that did not reach the output, by reason.</summary>
/// <param name="QueueFullLines">Lines dropped because the queue was full or the writer had stopped.</param>
/// <param name="WriteFailedLines">Lines lost because the output threw while they were written (a closed pipe, a full disk).</param>
/// <param name="FormatFailures">Events lost because they could not be formatted.</param>
/// <param name="SampledOut">DEBUG and INFO events left out by sampling, on purpose.</param>
/// <param name="ExportQueueFullRecords">OTLP log records dropped because the export queue was full.</param>
/// <param name="ExportFailedRecords">OTLP log records in batches the endpoint refused or did not take in time.</param>
internal readonly record struct LoggingStatistics(
    long QueueFullLines, long WriteFailedLines, long FormatFailures, long SampledOut, long ExportQueueFullRecords = 0, long ExportFailedRecords = 0)
{
    /// <summary>Lines dropped or failed to write: what the <c>log_lines_dropped</c> warning reports.</summary>
    public long DroppedLines => QueueFullLines + WriteFailedLines;
}
