using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Logging;

/// <summary>One category's logger; all the work is in its provider.</summary>
internal sealed class AutoTraderLogger(string category, AutoTraderLoggerProvider provider) : ILogger
{
    private readonly JsonEncodedText _category = JsonEncodedText.Encode(Utf16Text.Sanitize(category), LogLineSettings.Encoder);
    private readonly ILogger? _otlp = provider.OtlpLogger(category);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => provider.Scopes.Push(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel >= provider.MinimumLevel && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        provider.Write(_category, _otlp, logLevel, eventId, ref state, exception, formatter);
}
