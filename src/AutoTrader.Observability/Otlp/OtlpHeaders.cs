using System.Buffers;

namespace AutoTrader.Observability.Otlp;

/// <summary>
/// The headers of an OTLP exporter: checked at start-up, and handed to the SDK in the one form it
/// takes. Their values are credentials (a hosted backend's API key), so nothing here ever puts a
/// value in a message.
/// </summary>
internal static class OtlpHeaders
{
    private static readonly SearchValues<char> TokenCharacters =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>
    /// Why the header cannot be sent, or null when it can. A name must be an HTTP token; a value
    /// may hold no comma (the SDK splits its header list on commas, whatever the encoding) and no
    /// control character.
    /// </summary>
    public static string? Problem(string name, string value)
    {
        if (name.Length == 0 || name.AsSpan().ContainsAnyExcept(TokenCharacters))
        {
            return "a header name must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~)";
        }

        if (value.Contains(',', StringComparison.Ordinal) || value.Any(char.IsControl))
        {
            return "the value may hold no comma and no control character (the value is not shown: it may be a credential)";
        }

        return null;
    }

    /// <summary>
    /// The SDK's <c>Headers</c> string, <c>name=value,name=value</c>, or null for none. The SDK
    /// percent-decodes it, so a literal <c>%</c> goes as <c>%25</c>.
    /// </summary>
    public static string? Format(IReadOnlyDictionary<string, string> headers) =>
        headers.Count == 0 ? null : string.Join(',', headers.Select(h => h.Key + "=" + h.Value.Replace("%", "%25", StringComparison.Ordinal)));
}
