namespace AutoTrader.Observability.Configuration;

/// <summary>
/// The <c>key1=value1,key2=value2</c> lists of <c>OTEL_RESOURCE_ATTRIBUTES</c> and
/// <c>OTEL_EXPORTER_OTLP_HEADERS</c>: W3C Baggage members without properties, values
/// percent-decoded, whitespace around keys and values ignored.
/// </summary>
internal static class OtelKeyValueList
{
    /// <summary>
    /// The pairs of <paramref name="text"/>, or null with <paramref name="problem"/> saying which
    /// member is malformed. The problem never quotes the text: header values are credentials.
    /// </summary>
    public static List<KeyValuePair<string, string>>? Parse(string text, out string? problem)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        var members = text.Split(',');
        for (var i = 0; i < members.Length; i++)
        {
            var member = members[i];
            var equals = member.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? "" : member[..equals].Trim();
            if (key.Length == 0)
            {
                problem = $"member {i + 1} of {members.Length} is not key=value; expected key1=value1,key2=value2 with values percent-encoded";
                return null;
            }

            pairs.Add(new(key, Uri.UnescapeDataString(member[(equals + 1)..].Trim())));
        }

        problem = null;
        return pairs;
    }
}
