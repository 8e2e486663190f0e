using System.Buffers;
using ZLogger;

namespace AutoTrader.Observability.Benchmarks.Logging;

/// <summary>
/// Formats each ZLogger entry on the logging thread and writes it to a stream, so that the caller's
/// time includes the formatting that ZLogger's own processors do on their background thread.
/// </summary>
internal sealed class CallerThreadZLoggerProcessor(IZLoggerFormatter formatter, Stream output) : IAsyncLogProcessor
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly object _lock = new();

    public void Post(IZLoggerEntry log)
    {
        lock (_lock)
        {
            _buffer.ResetWrittenCount();
            log.FormatUtf8(_buffer, formatter);
            log.Return();
            _buffer.Write("\n"u8);
            output.Write(_buffer.WrittenSpan);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
