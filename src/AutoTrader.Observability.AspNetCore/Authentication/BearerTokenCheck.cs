using System.Security.Cryptography;
using System.Text;

namespace AutoTrader.Observability.AspNetCore.Authentication;

/// <summary>
/// <c>Authorization: Bearer TOKEN</c> against the token of <c>metrics.web.bearer_token_file</c>.
/// Both sides are compared as SHA-256 digests, in constant time, so neither the content nor the
/// length of the token leaks through the time an answer takes. A digest costs microseconds, so a
/// flood of wrong tokens costs no more than a flood of scrapes.
/// </summary>
internal sealed class BearerTokenCheck(string token) : ScrapeCredentialCheck
{
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public override string Challenge => $"Bearer realm=\"{Realm}\"";

    public override ValueTask<ScrapeAccess> CheckAsync(string authorization, CancellationToken cancellationToken)
    {
        if (!TryGetCredentials(authorization, "Bearer", out var presented))
        {
            return ValueTask.FromResult(ScrapeAccess.Denied);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented.ToString()), digest);
        return ValueTask.FromResult(CryptographicOperations.FixedTimeEquals(digest, _expected) ? ScrapeAccess.Granted : ScrapeAccess.Denied);
    }
}
