using AutoTrader.Scanner.Configuration;
using AutoTrader.Scanner.Health;
using AutoTrader.Scanner.Market;
using AutoTrader.Scanner.Narrative;
using AutoTrader.Scanner.Pipeline;
using AutoTrader.Scanner.Scans;
using AutoTrader.Scanner.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace AutoTrader.Scanner.Tests;

public sealed class ScanLoopTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly ScannerTestKit _kit = new();
    private readonly Lifetime _lifetime = new();
    private readonly GatedMarket _market = new(new SnapshotReplay(MarketSnapshot.LoadEmbedded(), TimeProvider.System));
    private readonly ScanResultStore _store = new();
    private readonly ScanLoopHeartbeat _heartbeat = new(TimeProvider.System);

    [Fact]
    public async Task The_first_round_waits_until_the_host_has_started()
    {
        using var loop = Loop();
        _market.Open();
        await loop.StartAsync(default);
        await Task.Delay(300);

        Assert.Equal(0, _market.Calls);
        Assert.Null(_heartbeat.StartedAt);

        _lifetime.Start();
        Assert.True(SpinWait.SpinUntil(() => _heartbeat.LastRoundCompletedAt is not null, Patience));
        Assert.NotNull(_store.Find("BTC"));
        await loop.StopAsync(default);
    }

    [Fact]
    public async Task A_loop_whose_host_never_started_ends_without_scanning()
    {
        using var loop = Loop();
        _market.Open();
        await loop.StartAsync(default);
        await Task.Delay(200); // the loop waits for the host's start

        await loop.StopAsync(default).WaitAsync(Patience);

        Assert.True(loop.ExecuteTask!.IsCompleted, "the loop still runs");
        Assert.False(loop.ExecuteTask.IsFaulted, loop.ExecuteTask.Exception?.ToString());
        Assert.Equal(0, _market.Calls);
    }

    [Fact]
    public async Task Stopping_lets_the_round_in_flight_finish_and_begins_no_other()
    {
        using var loop = Loop();
        _lifetime.Start();
        await loop.StartAsync(default);
        Assert.True(SpinWait.SpinUntil(() => _market.Calls > 0, Patience));

        var stopping = loop.StopAsync(CancellationToken.None);
        await Task.Delay(300);
        Assert.False(stopping.IsCompleted);
        _market.Open();
        await stopping.WaitAsync(Patience);

        Assert.NotNull(_heartbeat.LastRoundCompletedAt);
        Assert.NotNull(_store.Find("BTC"));
        Assert.Equal(1, _kit.Value("scan_requests_total{token_symbol=\"BTC\",status=\"success\"}"));
    }

    [Fact]
    public async Task Past_the_shutdown_timeout_the_round_in_flight_is_abandoned()
    {
        using var loop = Loop();
        _lifetime.Start();
        await loop.StartAsync(default);
        Assert.True(SpinWait.SpinUntil(() => _market.Calls > 0, Patience));

        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await loop.StopAsync(deadline.Token).WaitAsync(Patience);

        Assert.Null(_heartbeat.LastRoundCompletedAt);
        Assert.Null(_store.Find("BTC"));
    }

    [Fact]
    public async Task A_narrator_that_throws_does_not_end_the_loop()
    {
        using var loop = Loop(new ThrowingNarrator(), interval: 0.1);
        _market.Open();
        _lifetime.Start();
        await loop.StartAsync(default);

        Assert.True(SpinWait.SpinUntil(() => _market.Calls >= 3, Patience), "the loop stopped after " + _market.Calls + " rounds");
        await loop.StopAsync(default);
        Assert.False(loop.ExecuteTask!.IsFaulted);
    }

    public void Dispose()
    {
        _market.Open();
        _kit.Dispose();
    }

    private ScanLoop Loop(INarrator? narrator = null, double interval = 60)
    {
        var options = new ScannerOptions { Watchlist = ["BTC"], ScanIntervalSeconds = interval };
        var books = new SnapshotReplay(MarketSnapshot.LoadEmbedded(), TimeProvider.System);
        var scanner = new TokenScanner(_market, new ReplayOrderBookSource(books), _kit.Metrics, NullLogger<TokenScanner>.Instance, TimeProvider.System, options.Watchlist);
        var narrated = new ObservedNarrator(narrator ?? new LocalNarrator(), options.Llm.EffectivePrices, _kit.Metrics, NullLogger.Instance, TimeProvider.System);
        return new ScanLoop(new ScanService(scanner, narrated, _store), options, _heartbeat, _lifetime, NullLogger<ScanLoop>.Instance, TimeProvider.System);
    }

    /// <summary>A market source whose calls wait until the test opens the gate (or the call is cancelled).</summary>
    private sealed class GatedMarket(SnapshotReplay replay) : IDataSource<MarketQuote>
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string Source => "coingecko";

        public string Endpoint => "/coins/markets";

        public void Open() => _gate.TrySetResult();

        public async Task<MarketQuote?> FetchAsync(string symbol, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            await _gate.Task.WaitAsync(cancellationToken);
            return replay.Quote(symbol);
        }
    }

    private sealed class ThrowingNarrator : INarrator
    {
        public string Provider => "groq";

        public string Model => "broken";

        public Task<Narrative.Narrative> NarrateAsync(ScanResult scan, CancellationToken cancellationToken) => throw new InvalidOperationException("a defect");
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _started = new();

        public CancellationToken ApplicationStarted => _started.Token;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void Start() => _started.Cancel();

        public void StopApplication()
        {
        }
    }
}
