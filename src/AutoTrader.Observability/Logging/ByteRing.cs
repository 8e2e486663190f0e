namespace AutoTrader.Observability.Logging;

/// <summary>
/// A fixed array of bytes used as a queue: appended at the tail, taken from the head, wrapping
/// around. Not thread-safe: its owner's lock guards it. The bytes of <see cref="OldestRun"/> stay
/// in place until <see cref="Consume"/>, so a reader may copy them out without the lock while
/// others append.
/// </summary>
internal sealed class ByteRing(int capacity)
{
    private readonly byte[] _bytes = new byte[capacity];
    private int _head;
    private int _count;

    public int Capacity => _bytes.Length;

    /// <summary>Bytes queued; read without the lock, it may be stale but is never torn.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Appends <paramref name="bytes"/> whole, or nothing (false) when they do not fit.</summary>
    public bool TryAppend(ReadOnlySpan<byte> bytes)
    {
        if (_bytes.Length - _count < bytes.Length)
        {
            return false;
        }

        var tail = (_head + _count) % _bytes.Length;
        var first = Math.Min(bytes.Length, _bytes.Length - tail);
        bytes[..first].CopyTo(_bytes.AsSpan(tail));
        bytes[first..].CopyTo(_bytes);
        _count += bytes.Length;
        return true;
    }

    /// <summary>Appends one byte, or nothing (false) when the ring is full.</summary>
    public bool TryAppend(byte value)
    {
        if (_count == _bytes.Length)
        {
            return false;
        }

        _bytes[(_head + _count) % _bytes.Length] = value;
        _count++;
        return true;
    }

    /// <summary>The oldest queued bytes that lie in one piece: all of them, or those up to the array's end when they wrap.</summary>
    public ReadOnlySpan<byte> OldestRun() => _bytes.AsSpan(_head, Math.Min(_count, _bytes.Length - _head));

    /// <summary>Removes the <paramref name="length"/> oldest bytes.</summary>
    public void Consume(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _count);
        _head = (_head + length) % _bytes.Length;
        _count -= length;
    }
}
