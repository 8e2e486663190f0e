using System.Text;
using AutoTrader.Observability.AspNetCore.Authentication;

namespace AutoTrader.Observability.AspNetCore.Tests.Authentication;

/// <summary>
/// How often and how many at a time <see cref="BasicCredentialCheck"/> pays for bcrypt; the
/// password check is replaced by one that counts (and can hold) its calls.
/// </summary>
public sealed class BasicCredentialCheckTests : IDisposable
{
    private const string Hash = "$2y$10$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";

    private readonly CountingVerifier _verifier = new();

    /// <summary>Cancels a check still waiting after 30 s, so that a broken gate fails the test rather than hanging it.</summary>
    private readonly CancellationTokenSource _hangGuard = new(TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        _verifier.Dispose();
        _hangGuard.Dispose();
    }

    [Fact]
    public async Task Credentials_that_verified_once_are_not_verified_again()
    {
        var check = new BasicCredentialCheck(new Dictionary<string, string> { ["prometheus"] = Hash }, _verifier.Verify);

        for (var scrape = 0; scrape < 5; scrape++)
        {
            Assert.Equal(ScrapeAccess.Granted, await check.CheckAsync(Basic("prometheus", CountingVerifier.RightPassword), _hangGuard.Token));
        }

        Assert.Equal(1, _verifier.Calls);
    }

    [Fact]
    public async Task Wrong_passwords_are_verified_every_time_and_never_remembered()
    {
        var check = new BasicCredentialCheck(new Dictionary<string, string> { ["prometheus"] = Hash }, _verifier.Verify);

        Assert.Equal(ScrapeAccess.Denied, await check.CheckAsync(Basic("prometheus", "wrong"), _hangGuard.Token));
        Assert.Equal(ScrapeAccess.Denied, await check.CheckAsync(Basic("prometheus", "wrong"), _hangGuard.Token));

        Assert.Equal(2, _verifier.Calls);
    }

    [Fact]
    public async Task An_unknown_user_pays_for_a_verification_like_a_known_one_and_is_denied_even_with_a_matching_password()
    {
        var check = new BasicCredentialCheck(new Dictionary<string, string> { ["prometheus"] = Hash }, _verifier.Verify);

        Assert.Equal(ScrapeAccess.Denied, await check.CheckAsync(Basic("intruder", CountingVerifier.RightPassword), _hangGuard.Token));

        Assert.Equal(1, _verifier.Calls);
    }

    [Fact]
    public async Task A_flood_of_wrong_passwords_is_verified_one_at_a_time_and_the_excess_is_turned_away_unverified()
    {
        var check = new BasicCredentialCheck(new Dictionary<string, string> { ["prometheus"] = Hash }, _verifier.Verify);
        Assert.Equal(ScrapeAccess.Granted, await check.CheckAsync(Basic("prometheus", CountingVerifier.RightPassword), _hangGuard.Token));
        _verifier.Hold();
        const int Excess = 6;

        var flood = Enumerable.Range(0, 1 + BasicCredentialCheck.MaxWaiting + Excess)
            .Select(i => Task.Run(async () => await check.CheckAsync(Basic("prometheus", "guess" + i), _hangGuard.Token)))
            .ToList();
        Assert.True(SpinWait.SpinUntil(() => flood.Count(t => t.IsCompleted) == Excess, TimeSpan.FromSeconds(30)), "the excess was not turned away");
        Assert.True(SpinWait.SpinUntil(() => _verifier.Calls >= 2, TimeSpan.FromSeconds(30)), "no guess was verified");
        var rememberedDuringFlood = await check.CheckAsync(Basic("prometheus", CountingVerifier.RightPassword), _hangGuard.Token);
        var callsWhileHeld = _verifier.Calls;
        _verifier.Release();
        var answers = await Task.WhenAll(flood).WaitAsync(TimeSpan.FromSeconds(30)); // a guard against a hang, not a time limit on the check

        Assert.Equal(ScrapeAccess.Granted, rememberedDuringFlood);
        Assert.Equal(2, callsWhileHeld); // the first success and one guess; the waiting guesses have not started
        Assert.Equal(Excess, answers.Count(a => a == ScrapeAccess.Busy));
        Assert.Equal(1 + BasicCredentialCheck.MaxWaiting, answers.Count(a => a == ScrapeAccess.Denied));
        Assert.Equal(2 + BasicCredentialCheck.MaxWaiting, _verifier.Calls);
        Assert.Equal(1, _verifier.MostAtOnce);
    }

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    /// <summary>A password check that matches <see cref="RightPassword"/>, counts calls and can be held.</summary>
    private sealed class CountingVerifier : IDisposable
    {
        public const string RightPassword = "correct-horse-battery";

        private readonly ManualResetEventSlim _open = new(initialState: true);
        private int _calls;
        private int _running;
        private int _mostAtOnce;

        public int Calls => Volatile.Read(ref _calls);

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public void Hold() => _open.Reset();

        public void Release() => _open.Set();

        public bool Verify(string password, string hash)
        {
            Interlocked.Increment(ref _calls);
            var running = Interlocked.Increment(ref _running);
            InterlockedMax(ref _mostAtOnce, running);
            _open.Wait();
            Interlocked.Decrement(ref _running);
            return password == RightPassword && hash == Hash;
        }

        public void Dispose()
        {
            _open.Set(); // frees a check still held when an assertion failed
            _open.Dispose();
        }

        private static void InterlockedMax(ref int location, int value)
        {
            for (var current = Volatile.Read(ref location); value > current; current = Volatile.Read(ref location))
            {
                if (Interlocked.CompareExchange(ref location, value, current) == current)
                {
                    return;
                }
            }
        }
    }
}
