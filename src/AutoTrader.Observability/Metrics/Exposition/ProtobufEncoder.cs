using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>
/// Protocol Buffers wire encoding of nested messages into reused buffers: a message is written
/// into a buffer of its own depth, then copied with its length into its parent when it ends.
/// </summary>
/// <remarks>
/// Written by hand rather than with Google.Protobuf's generated classes: the exposition writes
/// straight from the SDK's metric points, where generated messages would first copy every series
/// into an object graph per scrape. The encoding needs only varints, little-endian doubles
/// and length-delimited fields (the protobuf encoding specification); the round-trip tests decode
/// it with Google.Protobuf and a real Prometheus reads it.
/// </remarks>
internal sealed class ProtobufEncoder
{
    private const int VarintType = 0;
    private const int Fixed64Type = 1;
    private const int LengthDelimitedType = 2;

    private readonly List<ArrayBufferWriter<byte>> levels = [];
    private int depth = -1;

    private ArrayBufferWriter<byte> Current => levels[depth];

    /// <summary>Starts a message nested in the one being written (or the first one).</summary>
    public void Begin()
    {
        depth++;
        if (levels.Count == depth)
        {
            levels.Add(new ArrayBufferWriter<byte>(depth == 0 ? 64 * 1024 : 1024));
        }

        levels[depth].ResetWrittenCount();
    }

    /// <summary>Ends the current message as field <paramref name="field"/> of its parent.</summary>
    public void End(int field)
    {
        var content = levels[depth].WrittenSpan;
        depth--;
        Tag(field, LengthDelimitedType);
        Varint((ulong)content.Length);
        Current.Write(content);
    }

    /// <summary>Ends the outermost message and writes it to <paramref name="output"/> after its length (the "delimited" framing).</summary>
    public void EndDelimited(IBufferWriter<byte> output)
    {
        var content = levels[depth].WrittenSpan;
        depth--;
        Span<byte> length = stackalloc byte[10];
        output.Write(length[..WriteVarint(length, (ulong)content.Length)]);
        output.Write(content);
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
        BinaryPrimitives.WriteDoubleLittleEndian(Current.GetSpan(8), value);
        Current.Advance(8);
    }

    /// <summary>A string field; text that is not valid UTF-16 (a lone surrogate) is written with U+FFFD in its place.</summary>
    public void String(int field, string value)
    {
        Tag(field, LengthDelimitedType);
        var length = Encoding.UTF8.GetByteCount(value);
        Varint((ulong)length);
        Current.Advance(Encoding.UTF8.GetBytes(value, Current.GetSpan(length)));
    }

    /// <summary>A string field whose UTF-8 bytes are at hand.</summary>
    public void String(int field, ReadOnlySpan<byte> utf8)
    {
        Tag(field, LengthDelimitedType);
        Varint((ulong)utf8.Length);
        Current.Write(utf8);
    }

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Varint(ulong value) => Current.Advance(WriteVarint(Current.GetSpan(10), value));

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
