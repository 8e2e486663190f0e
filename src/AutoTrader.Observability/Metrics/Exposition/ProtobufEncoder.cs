using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>
/// Protocol Buffers wire encoding of nested messages into one reused buffer: a message's tag and
/// length go in front of its content, in room kept for them when it begins and filled in when it
/// ends (the content moves only when its length needs another number of bytes than kept).
/// </summary>
/// <remarks>
/// Written by hand rather than with Google.Protobuf's generated classes: the exposition writes
/// straight from the SDK's metric points, where generated messages would first copy every series
/// into an object graph per scrape. The encoding needs only varints, little-endian doubles
/// and length-delimited fields (the protobuf encoding specification); the round-trip tests decode
/// it with Google.Protobuf and a real Prometheus reads it. Every field number of the exposition is
/// below 16, so a tag is one byte.
/// </remarks>
internal sealed class ProtobufEncoder
{
    private const int VarintType = 0;
    private const int Fixed64Type = 1;
    private const int LengthDelimitedType = 2;

    private readonly List<(int Start, int Room)> open = [];
    private byte[] buffer = new byte[64 * 1024];
    private int position;

    /// <summary>
    /// Starts a message nested in the one being written, keeping room for a length of
    /// <paramref name="lengthBytes"/> bytes (1: under 128 bytes, 2: under 16 KiB).
    /// </summary>
    public void Begin(int lengthBytes = 1) => Open(1 + lengthBytes);

    /// <summary>Starts the outermost message of a "delimited" frame, keeping room for a length of <paramref name="lengthBytes"/> bytes.</summary>
    public void BeginDelimited(int lengthBytes = 3)
    {
        Debug.Assert(open.Count == 0 && position == 0, "a delimited message is the outermost");
        Open(lengthBytes);
    }

    /// <summary>Ends the current message as field <paramref name="field"/> of its parent.</summary>
    public void End(int field)
    {
        Debug.Assert(field < 16, "a one-byte tag");
        Close((field << 3) | LengthDelimitedType);
    }

    /// <summary>Ends the outermost message and writes it to <paramref name="output"/> after its length (the "delimited" framing).</summary>
    public void EndDelimited(IBufferWriter<byte> output)
    {
        Close(tag: -1);
        output.Write(buffer.AsSpan(0, position));
        position = 0;
    }

    public void UInt64(int field, ulong value)
    {
        Tag(field, VarintType);
        Varint(value);
    }

    public void Int64(int field, long value) => UInt64(field, unchecked((ulong)value));

    /// <summary>A <c>sint32</c> or <c>sint64</c> field (zigzag, so small negative numbers stay short).</summary>
    public void SInt64(int field, long value)
    {
        Tag(field, VarintType);
        SInt64Element(value);
    }

    /// <summary>
    /// One element of a packed <c>repeated sint64</c>: written between <see cref="Begin"/> and
    /// <see cref="End"/> of the field, as the packed encoding is one length-delimited run of varints.
    /// </summary>
    public void SInt64Element(long value) => Varint(unchecked((ulong)((value << 1) ^ (value >> 63))));

    public void Double(int field, double value)
    {
        Tag(field, Fixed64Type);
        BinaryPrimitives.WriteDoubleLittleEndian(Room(8), value);
        position += 8;
    }

    /// <summary>A string field; text that is not valid UTF-16 (a lone surrogate) is written with U+FFFD in its place.</summary>
    public void String(int field, string value)
    {
        Tag(field, LengthDelimitedType);
        var length = Encoding.UTF8.GetByteCount(value);
        Varint((ulong)length);
        position += Encoding.UTF8.GetBytes(value, Room(length));
    }

    /// <summary>A string field whose UTF-8 bytes are at hand.</summary>
    public void String(int field, ReadOnlySpan<byte> utf8)
    {
        Tag(field, LengthDelimitedType);
        Varint((ulong)utf8.Length);
        utf8.CopyTo(Room(utf8.Length));
        position += utf8.Length;
    }

    private void Open(int room)
    {
        Room(room);
        open.Add((position, room));
        position += room;
    }

    /// <summary>Fills in the current message's tag (none when negative) and length, moving its content if the room kept does not fit them.</summary>
    private void Close(int tag)
    {
        var (start, room) = open[^1];
        open.RemoveAt(open.Count - 1);
        var length = position - start - room;
        var header = (tag >= 0 ? 1 : 0) + VarintSize((ulong)length);
        if (header != room)
        {
            Room(Math.Max(0, header - room));
            buffer.AsSpan(start + room, length).CopyTo(buffer.AsSpan(start + header));
            position += header - room;
        }

        var at = start;
        if (tag >= 0)
        {
            buffer[at++] = (byte)tag;
        }

        WriteVarint(buffer.AsSpan(at), (ulong)length);
    }

    /// <summary>The free space at the end of the buffer, at least <paramref name="bytes"/> long (the buffer grows as needed).</summary>
    private Span<byte> Room(int bytes)
    {
        if (buffer.Length - position < bytes)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, position + bytes));
        }

        return buffer.AsSpan(position);
    }

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Varint(ulong value) => position += WriteVarint(Room(10), value);

    private static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private static int WriteVarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }
}
