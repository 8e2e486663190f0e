using System.Buffers;
using AutoTrader.Observability.Metrics.Exposition;
using Google.Protobuf;

namespace AutoTrader.Observability.Tests.Metrics;

public sealed class ProtobufEncoderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(120)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(16_380)]
    [InlineData(16_400)]
    [InlineData(3 * 1024 * 1024)]
    public void Nested_messages_of_any_length_decode_whatever_room_was_kept_for_their_length(int textLength)
    {
        var text = new string('x', textLength);
        var encoder = new ProtobufEncoder();
        var output = new ArrayBufferWriter<byte>();

        // Outer message { 1: inner { 2: text, 3: innermost { 4: 7 } }, 5: "end" }, twice in a row.
        for (var frame = 0; frame < 2; frame++)
        {
            encoder.BeginDelimited();
            encoder.Begin(lengthBytes: 2);
            encoder.String(2, text);
            encoder.Begin();
            encoder.UInt64(4, 7);
            encoder.End(3);
            encoder.End(1);
            encoder.String(5, "end");
            encoder.EndDelimited(output);
        }

        var input = new CodedInputStream(output.WrittenSpan.ToArray());
        for (var frame = 0; frame < 2; frame++)
        {
            var outer = input.ReadBytes().CreateCodedInput();
            Assert.Equal(WireFormat.MakeTag(1, WireFormat.WireType.LengthDelimited), outer.ReadTag());
            var inner = outer.ReadBytes().CreateCodedInput();
            Assert.Equal(WireFormat.MakeTag(2, WireFormat.WireType.LengthDelimited), inner.ReadTag());
            Assert.Equal(text, inner.ReadString());
            Assert.Equal(WireFormat.MakeTag(3, WireFormat.WireType.LengthDelimited), inner.ReadTag());
            var innermost = inner.ReadBytes().CreateCodedInput();
            Assert.Equal(WireFormat.MakeTag(4, WireFormat.WireType.Varint), innermost.ReadTag());
            Assert.Equal(7UL, innermost.ReadUInt64());
            Assert.True(inner.IsAtEnd && innermost.IsAtEnd);
            Assert.Equal(WireFormat.MakeTag(5, WireFormat.WireType.LengthDelimited), outer.ReadTag());
            Assert.Equal("end", outer.ReadString());
            Assert.True(outer.IsAtEnd);
        }

        Assert.True(input.IsAtEnd);
    }
}
