namespace AutoTrader.Observability.Tracing;

/// <summary>
/// Redacts the values of <c>name=value</c> pairs in free text that a client controls (a URL's path
/// or query, a User-Agent), where <c>name</c> is one of the redacted field names:
/// <c>/cb?api_key=abc&amp;x=1</c> becomes <c>/cb?api_key=[REDACTED]&amp;x=1</c>.
/// </summary>
internal static class RedactedText
{
    /// <summary>The attributes whose text is searched, beside those whose name is redacted as a whole.</summary>
    public static readonly IReadOnlySet<string> FreeTextAttributes = new HashSet<string>(StringComparer.Ordinal)
    {
        "url.path", "url.query", "url.full", "user_agent.original",
    };

    /// <summary><paramref name="text"/> with the redacted pairs' values replaced; the same instance when none is.</summary>
    public static string Redact(string text, IReadOnlySet<string> names, string replacement)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0 || names.Count == 0)
        {
            return text;
        }

        System.Text.StringBuilder? redacted = null;
        var copied = 0;
        for (; equals >= 0; equals = text.IndexOf('=', equals + 1))
        {
            var nameStart = equals;
            while (nameStart > 0 && IsNameChar(text[nameStart - 1]))
            {
                nameStart--;
            }

            if (nameStart == equals || !names.Contains(text[nameStart..equals]))
            {
                continue;
            }

            var valueEnd = equals + 1;
            while (valueEnd < text.Length && !IsDelimiter(text[valueEnd]))
            {
                valueEnd++;
            }

            redacted ??= new System.Text.StringBuilder(text.Length);
            redacted.Append(text, copied, equals + 1 - copied).Append(replacement);
            copied = valueEnd;
            equals = valueEnd - 1;
        }

        return redacted is null ? text : redacted.Append(text, copied, text.Length - copied).ToString();
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    private static bool IsDelimiter(char c) => c is '&' or ';' or '/' or '?' or '#' or ',' || char.IsWhiteSpace(c);
}
