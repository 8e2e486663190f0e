using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// The guide's structured logging API on <see cref="ILogger"/>: an event name plus typed fields,
/// <c>logger.Info("scan_started", ("token_symbol", "BTC"), ("gem_score", 85.5))</c>, and
/// <see cref="Bind"/> for context that persists across calls.
/// </summary>
/// <remarks>
/// Fields are passed as a <see cref="ReadOnlySpan{T}"/> that the compiler builds on the stack and
/// are copied into a per-thread buffer for the duration of the call, so an enabled event allocates
/// nothing and a disabled one costs one <see cref="ILogger.IsEnabled"/> check.
/// </remarks>
public static class StructuredLoggerExtensions
{
    [ThreadStatic]
    private static LogField[]? t_buffer;

    [ThreadStatic]
    private static bool t_bufferInUse;

    /// <summary>Logs a DEBUG event.</summary>
    public static void Debug(this ILogger logger, string @event, params ReadOnlySpan<LogField> fields) =>
        Write(logger, LogLevel.Debug, @event, null, fields);

    /// <summary>Logs an INFO event.</summary>
    public static void Info(this ILogger logger, string @event, params ReadOnlySpan<LogField> fields) =>
        Write(logger, LogLevel.Information, @event, null, fields);

    /// <summary>Logs a WARNING event.</summary>
    public static void Warning(this ILogger logger, string @event, params ReadOnlySpan<LogField> fields) =>
        Write(logger, LogLevel.Warning, @event, null, fields);

    /// <summary>Logs an ERROR event.</summary>
    public static void Error(this ILogger logger, string @event, params ReadOnlySpan<LogField> fields) =>
        Write(logger, LogLevel.Error, @event, null, fields);

    /// <summary>Logs a CRITICAL event.</summary>
    public static void Critical(this ILogger logger, string @event, params ReadOnlySpan<LogField> fields) =>
        Write(logger, LogLevel.Critical, @event, null, fields);

    /// <summary>
    /// Logs an ERROR event with an exception: its type, message and stack trace, inner exceptions
    /// included (the guide's <c>logger.exception</c> and <c>exc_info=True</c>).
    /// </summary>
    public static void Exception(this ILogger logger, System.Exception exception, string @event, params ReadOnlySpan<LogField> fields) =>
        Write(logger, LogLevel.Error, @event, exception, fields);

    /// <summary>Logs an event at any level, with an optional exception.</summary>
    public static void LogEvent(this ILogger logger, LogLevel level, System.Exception? exception, string @event, params ReadOnlySpan<LogField> fields) =>
        Write(logger, level, @event, exception, fields);

    /// <summary>
    /// Returns a logger whose events all carry <paramref name="context"/>. The context is
    /// immutable: binding never changes <paramref name="logger"/>, and binding a key again on the
    /// result replaces it in the new logger only.
    /// </summary>
    public static ILogger Bind(this ILogger logger, params ReadOnlySpan<LogField> context)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return logger is BoundLogger bound
            ? new BoundLogger(bound.Inner, BoundContext.Create(bound.Context, context))
            : new BoundLogger(logger, BoundContext.Create(null, context));
    }

    private static void Write(ILogger logger, LogLevel level, string @event, System.Exception? exception, ReadOnlySpan<LogField> fields)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (!logger.IsEnabled(level))
        {
            return;
        }

        BoundContext? context = null;
        if (logger is BoundLogger bound)
        {
            context = bound.Context;
            logger = bound.Inner;
        }

        // A value's ToString may itself log on this thread; that nested call gets its own array.
        var nested = t_bufferInUse;
        var buffer = nested ? new LogField[fields.Length] : Rent(fields.Length);
        fields.CopyTo(buffer);
        t_bufferInUse = true;
        try
        {
            logger.Log(level, default, new StructuredLogState(@event, buffer, fields.Length, context), exception, StructuredLogState.Formatter);
        }
        finally
        {
            if (!nested)
            {
                buffer.AsSpan(0, fields.Length).Clear();
                t_bufferInUse = false;
            }
        }
    }

    private static LogField[] Rent(int length)
    {
        var buffer = t_buffer;
        if (buffer is null || buffer.Length < length)
        {
            buffer = t_buffer = new LogField[Math.Max(16, length)];
        }

        return buffer;
    }
}
