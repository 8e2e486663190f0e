using System.Buffers;
using System.Text;
using System.Text.Json;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// The <c>console</c> format: the JSON line re-read and rendered as
/// <c>2025-10-08T10:30:45.123Z INFO     scan_completed  [logger] token_symbol=BTC gem_score=85.5</c>,
/// one line per event. Rendering from the JSON keeps both formats' content identical.
/// </summary>
internal static class ConsoleLineRenderer
{
    private static readonly SearchValues<char> QuoteTriggers = SearchValues.Create(" \"=\r\n\t\\");

    public static void Render(ReadOnlySpan<byte> jsonLine, IBufferWriter<byte> output)
    {
        var reader = new Utf8JsonReader(jsonLine);
        reader.Read(); // StartObject
        string timestamp = "", level = "", logger = "", @event = "";
        var rest = new StringBuilder();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            switch (key)
            {
                case LogSchema.Timestamp: timestamp = reader.GetString()!; continue;
                case LogSchema.Level: level = reader.GetString()!; continue;
                case LogSchema.Logger: logger = reader.GetString()!; continue;
                case LogSchema.Event: @event = reader.GetString()!; continue;
                case LogSchema.Service or LogSchema.Environment or LogSchema.Version: continue;
            }

            rest.Append(' ').Append(key).Append('=');
            if (reader.TokenType == JsonTokenType.String)
            {
                var value = reader.GetString()!;
                rest.Append(NeedsQuotes(value) ? JsonSerializer.Serialize(value) : value);
            }
            else
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                rest.Append(Encoding.UTF8.GetString(jsonLine[start..(int)reader.BytesConsumed]));
            }
        }

        var line = $"{timestamp} {level,-8} {OneLine(@event),-30} [{logger}]{rest}\n";
        Encoding.UTF8.GetBytes(line, output);
    }

    private static bool NeedsQuotes(string value) =>
        value.Length == 0 || value.AsSpan().IndexOfAny(QuoteTriggers) >= 0 || value.Any(char.IsControl);

    private static string OneLine(string value) =>
        value.AsSpan().IndexOfAny('\r', '\n') < 0 ? value : value.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
