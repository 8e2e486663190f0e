using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace AutoTrader.Observability.Benchmarks.Logging;

/// <summary>
/// The smallest synchronous Serilog sink: <see cref="CompactJsonFormatter"/> into a writer under a
/// lock, as Serilog's file and console sinks do. Serilog's core has no text-writer sink of its own.
/// </summary>
internal sealed class CompactJsonSink(TextWriter output) : ILogEventSink
{
    private readonly CompactJsonFormatter _formatter = new();
    private readonly object _lock = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_lock)
        {
            _formatter.Format(logEvent, output);
        }
    }
}
