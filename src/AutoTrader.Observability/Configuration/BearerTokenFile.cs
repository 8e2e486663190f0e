namespace AutoTrader.Observability.Configuration;

/// <summary>Reads the token of <c>metrics.web.bearer_token_file</c>, as Prometheus reads a <c>credentials_file</c>.</summary>
internal static class BearerTokenFile
{
    /// <summary>Most characters read; a token file holds one token, not a document.</summary>
    public const int MaxLength = 4096;

    /// <summary>The token with surrounding whitespace removed.</summary>
    /// <exception cref="IOException">The file cannot be read or is longer than <see cref="MaxLength"/>.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static string Read(string path)
    {
        using var reader = new StreamReader(path);
        var buffer = new char[MaxLength + 1];
        var length = reader.ReadBlock(buffer, 0, buffer.Length);
        if (length > MaxLength)
        {
            throw new IOException($"it is longer than {MaxLength} characters, which is not one token");
        }

        return new string(buffer, 0, length).Trim();
    }

    /// <summary>Why <paramref name="token"/> cannot serve as a bearer token, or null. Never contains the token.</summary>
    public static string? Problem(string token) =>
        token.Length < MetricsWebOptions.MinimumBearerTokenLength
            ? $"the token in it has {token.Length} characters; use at least {MetricsWebOptions.MinimumBearerTokenLength} random ones, such as `openssl rand -hex 32` writes"
            : token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
                ? "the token in it contains whitespace or control characters; it must be one word, as an HTTP header carries it"
                : null;
}
