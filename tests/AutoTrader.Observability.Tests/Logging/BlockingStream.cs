using System.Text;

namespace AutoTrader.Observability.Tests.Logging;

/// <summary>An output that takes every write only once released, like a pipe nobody reads yet.</summary>
internal sealed class BlockingStream : Stream
{
    private readonly ManualResetEventSlim _gate = new();
    private readonly ManualResetEventSlim _writeStarted = new();
    private readonly MemoryStream _inner = new();

    public long Written { get { lock (_inner) { return _inner.Length; } } }

    public string Text { get { lock (_inner) { return Encoding.UTF8.GetString(_inner.ToArray()); } } }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public void Release() => _gate.Set();

    /// <summary>Waits until a write is blocked (or has passed), i.e. the writer holds lines it cannot hand over.</summary>
    public bool WaitForWrite(TimeSpan timeout) => _writeStarted.Wait(timeout);

    public override void Write(byte[] buffer, int offset, int count)
    {
        _writeStarted.Set();
        _gate.Wait();
        lock (_inner)
        {
            _inner.Write(buffer, offset, count);
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _gate.Set();
        base.Dispose(disposing);
    }
}
