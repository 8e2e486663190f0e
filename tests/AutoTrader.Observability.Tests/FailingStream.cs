namespace AutoTrader.Observability.Tests;

/// <summary>An output that refuses every write, as a closed pipe does.</summary>
internal sealed class FailingStream : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => 0;

    public override long Position { get => 0; set { } }

    public override void Write(byte[] buffer, int offset, int count) => throw new IOException("broken pipe");

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
