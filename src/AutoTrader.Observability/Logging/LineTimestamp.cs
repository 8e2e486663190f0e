using System.Buffers;
using System.Globalization;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// Writes a line's start, <c>{"timestamp":"2025-10-08T10:30:45.123Z"</c>. The part up to the seconds
/// is formatted once per second by each instance (one per formatting thread); only the
/// milliseconds change between events.
/// </summary>
internal sealed class LineTimestamp
{
    private const int SecondLength = 20; // yyyy-MM-ddTHH:mm:ss.

    private readonly byte[] _secondText = new byte[SecondLength];
    private long _formattedSecond = -1;

    public void Write(ArrayBufferWriter<byte> buffer, long utcTicks)
    {
        var second = utcTicks / TimeSpan.TicksPerSecond;
        if (second != _formattedSecond)
        {
            var utc = new DateTime(second * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
            utc.TryFormat(_secondText, out _, "yyyy-MM-ddTHH:mm:ss.", CultureInfo.InvariantCulture);
            _formattedSecond = second;
        }

        var start = LogSchema.LineStart;
        var line = buffer.GetSpan(start.Length + SecondLength + 5);
        start.CopyTo(line);
        var text = line[start.Length..];
        _secondText.CopyTo(text);
        var millisecond = (int)(utcTicks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMillisecond);
        text[SecondLength] = (byte)('0' + (millisecond / 100));
        text[SecondLength + 1] = (byte)('0' + (millisecond / 10 % 10));
        text[SecondLength + 2] = (byte)('0' + (millisecond % 10));
        text[SecondLength + 3] = (byte)'Z';
        text[SecondLength + 4] = (byte)'"';
        buffer.Advance(start.Length + SecondLength + 5);
    }
}
