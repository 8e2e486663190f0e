using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace AutoTrader.Observability.AspNetCore.Authentication;

/// <summary>
/// <c>Authorization: Basic</c> against the bcrypt hashes of <c>metrics.web.basic_auth_users</c>.
/// </summary>
/// <remarks>
/// <para>bcrypt is slow on purpose (about 75 ms at cost 10 on one core), so:</para>
/// <para>Credentials that verified once are remembered, as an HMAC under a key drawn at start-up,
/// never as text: a scraper pays bcrypt on its first scrape only. Only successes are remembered,
/// so wrong guesses cannot fill the cache, and the cache is bounded besides.</para>
/// <para>Credentials not remembered are verified one at a time, so a flood of wrong passwords
/// occupies at most one core; at most <see cref="MaxWaiting"/> more wait their turn, and the rest
/// are answered 503 at once, without bcrypt, rather than queued without bound. A scraper whose
/// credentials are remembered is served throughout such a flood.</para>
/// <para>An unknown user is verified against a configured hash all the same (and denied), so the
/// answer takes as long as for a known user with a wrong password and does not tell which users
/// exist.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification =
    "Lives as long as the endpoint; a SemaphoreSlim holds no OS handle unless AvailableWaitHandle is read, and it is not.")]
internal sealed class BasicCredentialCheck : ScrapeCredentialCheck
{
    /// <summary>Most remembered credentials; a scraper or two needs one each.</summary>
    public const int MaxRemembered = 64;

    /// <summary>Most verifications waiting while one runs.</summary>
    public const int MaxWaiting = 4;

    private readonly Dictionary<string, string> _users;
    private readonly string _unknownUserHash;
    private readonly Func<string, string, bool> _verify;
    private readonly byte[] _rememberKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, bool> _remembered = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private int _pending;

    /// <param name="users">User name to bcrypt hash; at least one.</param>
    /// <param name="verify">Whether a password matches a hash; bcrypt unless a test replaces it.</param>
    public BasicCredentialCheck(IReadOnlyDictionary<string, string> users, Func<string, string, bool>? verify = null)
    {
        _users = new Dictionary<string, string>(users, StringComparer.Ordinal);
        _unknownUserHash = _users.Values.First();
        _verify = verify ?? BcryptMatches;
    }

    public override string Challenge => $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";

    public override async ValueTask<ScrapeAccess> CheckAsync(string authorization, CancellationToken cancellationToken)
    {
        if (!TryDecode(authorization, out var credentials, out var colon))
        {
            return ScrapeAccess.Denied;
        }

        var rememberedAs = Convert.ToHexString(HMACSHA256.HashData(_rememberKey, credentials));
        if (_remembered.ContainsKey(rememberedAs))
        {
            return ScrapeAccess.Granted;
        }

        if (Interlocked.Increment(ref _pending) > 1 + MaxWaiting)
        {
            Interlocked.Decrement(ref _pending);
            return ScrapeAccess.Busy;
        }

        bool granted;
        try
        {
            await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var user = Encoding.UTF8.GetString(credentials[..colon]);
                var password = Encoding.UTF8.GetString(credentials[(colon + 1)..]);
                var known = _users.TryGetValue(user, out var hash);
                granted = _verify(password, known ? hash! : _unknownUserHash) && known;
            }
            finally
            {
                _oneAtATime.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }

        if (granted && _remembered.Count < MaxRemembered)
        {
            _remembered.TryAdd(rememberedAs, true);
        }

        return granted ? ScrapeAccess.Granted : ScrapeAccess.Denied;
    }

    /// <summary>Whether bcrypt of <paramref name="password"/> with the salt and cost of <paramref name="hash"/> is <paramref name="hash"/>, compared in constant time.</summary>
    private static bool BcryptMatches(string password, string hash) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(BCrypt.Net.BCrypt.HashPassword(password, hash)),
            Encoding.ASCII.GetBytes(hash));

    /// <summary>The decoded <c>user:password</c> bytes and the index of the first colon.</summary>
    private static bool TryDecode(string authorization, out byte[] credentials, out int colon)
    {
        credentials = [];
        colon = -1;
        if (!TryGetCredentials(authorization, "Basic", out var encoded))
        {
            return false;
        }

        var decoded = new byte[encoded.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64Chars(encoded, decoded, out var length))
        {
            return false;
        }

        credentials = decoded[..length];
        colon = Array.IndexOf(credentials, (byte)':');
        return colon >= 0;
    }
}
