using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Scanner.Tests;

/// <summary>A logger that keeps the event name, level and exception of every line.</summary>
internal sealed class EventRecorder : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Event, Exception? Exception)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Event, Exception? Exception)> Lines => [.. _lines];

    public IReadOnlyList<string> Events => [.. _lines.Select(l => l.Event)];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue((logLevel, formatter(state, exception), exception));
}
