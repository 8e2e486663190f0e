namespace AutoTrader.Observability.Configuration;

/// <summary>Reads the token of <c>metrics.web.bearer_token_file</c>, as Prometheus reads a <c>credentials_file</c>.</summary>
internal static class BearerTokenFile
{
    /// <summary>The token with surrounding whitespace removed.</summary>
    /// <exception cref="IOException">The file cannot be read or is longer than <see cref="MetricsWebOptions.MaximumBearerTokenLength"/>.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static string Read(string path)
    {
        using var reader = new StreamReader(path);
        var buffer = new char[MetricsWebOptions.MaximumBearerTokenLength + 1];
        var length = reader.ReadBlock(buffer, 0, buffer.Length);
        if (length > MetricsWebOptions.MaximumBearerTokenLength)
        {
            throw new IOException($"it is longer than {MetricsWebOptions.MaximumBearerTokenLength} characters, which is not one token");
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
