namespace AutoTrader.Observability.Tests.Otlp;

/// <summary>
/// Just enough of the protobuf wire format to read what the OTLP exporters send: a message is a
/// list of fields, each a varint, a 64-bit or 32-bit word, or a length-delimited byte run (a string,
/// a nested message or a packed list).
/// </summary>
internal readonly record struct ProtobufField(int Number, int WireType, ulong Scalar, ReadOnlyMemory<byte> Bytes)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Bytes.Span);

    public double Double => BitConverter.Int64BitsToDouble((long)Scalar);

    public List<ProtobufField> Message => Protobuf.Parse(Bytes);

    /// <summary>A packed list of 64-bit words, or the one word of an unpacked element.</summary>
    public IEnumerable<ulong> Fixed64s
    {
        get
        {
            if (WireType == 1)
            {
                return [Scalar];
            }

            var bytes = Bytes;
            return Enumerable.Range(0, bytes.Length / 8).Select(i => BitConverter.ToUInt64(bytes.Span.Slice(i * 8, 8)));
        }
    }
}

internal static class Protobuf
{
    public static List<ProtobufField> Parse(ReadOnlyMemory<byte> message)
    {
        var fields = new List<ProtobufField>();
        var span = message.Span;
        var at = 0;
        while (at < span.Length)
        {
            var key = Varint(span, ref at);
            var (number, wireType) = ((int)(key >> 3), (int)(key & 7));
            switch (wireType)
            {
                case 0:
                    fields.Add(new(number, wireType, Varint(span, ref at), default));
                    break;
                case 1:
                    fields.Add(new(number, wireType, BitConverter.ToUInt64(span.Slice(at, 8)), default));
                    at += 8;
                    break;
                case 2:
                    var length = (int)Varint(span, ref at);
                    fields.Add(new(number, wireType, 0, message.Slice(at, length)));
                    at += length;
                    break;
                case 5:
                    fields.Add(new(number, wireType, BitConverter.ToUInt32(span.Slice(at, 4)), default));
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {wireType} at byte {at}");
            }
        }

        return fields;
    }

    public static IEnumerable<ProtobufField> All(this List<ProtobufField> message, int number) => message.Where(f => f.Number == number);

    public static ProtobufField? One(this List<ProtobufField> message, int number) =>
        message.Where(f => f.Number == number).Select(f => (ProtobufField?)f).LastOrDefault();

    /// <summary>OTLP <c>KeyValue</c>s (key 1, <c>AnyValue</c> 2) as text: strings, booleans, integers and doubles.</summary>
    public static Dictionary<string, string> Attributes(this List<ProtobufField> message, int number) =>
        message.All(number).Select(f => f.Message).ToDictionary(kv => kv.One(1)!.Value.Text, kv => AnyValue(kv.One(2)?.Message ?? []));

    private static string AnyValue(List<ProtobufField> value) => value.FirstOrDefault() is var v && value.Count > 0
        ? v.Number switch
        {
            1 => v.Text,
            2 => v.Scalar != 0 ? "true" : "false",
            3 => ((long)v.Scalar).ToString(System.Globalization.CultureInfo.InvariantCulture),
            4 => v.Double.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => $"<field {v.Number}>",
        }
        : "";

    private static ulong Varint(ReadOnlySpan<byte> span, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = span[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
