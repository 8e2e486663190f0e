using AutoTrader.Observability.Configuration;

namespace AutoTrader.Observability.AspNetCore.Authentication;

/// <summary>What a scrape request's credentials earn it.</summary>
internal enum ScrapeAccess
{
    /// <summary>The credentials are right: serve the metrics.</summary>
    Granted,

    /// <summary>No credentials, or wrong ones: 401.</summary>
    Denied,

    /// <summary>Too many password checks are already running or waiting to run: 503, try again.</summary>
    Busy,
}

/// <summary>Checks the <c>Authorization</c> header of a scrape against <c>metrics.web</c>.</summary>
internal abstract class ScrapeCredentialCheck
{
    /// <summary>
    /// Longest <c>Authorization</c> header looked at; longer ones are denied unread. Room for the
    /// longest token a token file may hold and for any password worth hashing.
    /// </summary>
    public const int MaxAuthorizationLength = 2 * MetricsWebOptions.MaximumBearerTokenLength;

    /// <summary>The realm the 401 challenge names.</summary>
    protected const string Realm = "AutoTrader metrics";

    /// <summary>The value of <c>WWW-Authenticate</c> on a 401.</summary>
    public abstract string Challenge { get; }

    /// <summary>The check <paramref name="web"/> asks for, or null when the endpoint is open.</summary>
    /// <exception cref="ObservabilityConfigurationException">The options are invalid (as loading would have said).</exception>
    public static ScrapeCredentialCheck? For(MetricsWebOptions web)
    {
        if (!web.RequiresBasicAuth && !web.RequiresBearerToken)
        {
            return null;
        }

        web.ThrowIfInvalid();
        return web.RequiresBasicAuth
            ? new BasicCredentialCheck(web.BasicAuthUsers)
            : new BearerTokenCheck(web.ReadBearerToken());
    }

    /// <summary>Checks the request's <c>Authorization</c> header (empty when there is none).</summary>
    public abstract ValueTask<ScrapeAccess> CheckAsync(string authorization, CancellationToken cancellationToken);

    /// <summary>The credentials after <c>"<paramref name="scheme"/> "</c>, or false for another scheme or an oversized header.</summary>
    protected static bool TryGetCredentials(string authorization, string scheme, out ReadOnlySpan<char> credentials)
    {
        credentials = default;
        var header = authorization.AsSpan().Trim();
        if (header.Length > MaxAuthorizationLength || header.Length <= scheme.Length
            || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header[scheme.Length] != ' ')
        {
            return false;
        }

        credentials = header[(scheme.Length + 1)..].Trim();
        return credentials.Length > 0;
    }
}
