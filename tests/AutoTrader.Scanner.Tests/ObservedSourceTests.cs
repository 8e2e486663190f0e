using AutoTrader.Scanner.Market;
using AutoTrader.Scanner.Sources;
using Microsoft.Extensions.Time.Testing;

namespace AutoTrader.Scanner.Tests;

public sealed class ObservedSourceTests : IDisposable
{
    private const string Labels = "source=\"coingecko\",endpoint=\"/coins/markets\"";
    private readonly ScannerTestKit _kit = new();
    private readonly SwitchableSource _inner = new();

    [Fact]
    public async Task Calls_are_counted_timed_and_cached_for_the_ttl()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var source = new ObservedSource<MarketQuote>(_inner, new SourcePolicyOptions { CacheTtl = TimeSpan.FromSeconds(30) }, _kit.Metrics, _kit.Logger, clock);

        await source.FetchAsync("BTC", default);
        await source.FetchAsync("BTC", default);
        clock.Advance(TimeSpan.FromSeconds(31));
        await source.FetchAsync("BTC", default);

        Assert.Equal(2, _inner.Calls);
        Assert.Equal(1, _kit.Value($"data_source_cache_hits_total{{{Labels}}}"));
        Assert.Equal(2, _kit.Value($"data_source_cache_misses_total{{{Labels}}}"));
        Assert.Equal(2, _kit.Value($"data_source_requests_total{{{Labels},status=\"success\"}}"));
        Assert.Equal(2, _kit.Value($"data_source_latency_seconds_count{{{Labels}}}"));
    }

    [Fact]
    public async Task Failures_are_counted_by_error_type_and_rethrown_typed()
    {
        var source = new ObservedSource<MarketQuote>(_inner, new SourcePolicyOptions(), _kit.Metrics, _kit.Logger, TimeProvider.System);
        _inner.Failing = true;

        var e = await Assert.ThrowsAsync<DataSourceException>(() => source.FetchAsync("BTC", default));

        Assert.Equal("http_error", e.ErrorType);
        Assert.Equal(1, _kit.Value($"data_source_requests_total{{{Labels},status=\"failure\"}}"));
        Assert.Equal(1, _kit.Value($"data_source_errors_total{{{Labels},error_type=\"http_error\"}}"));
    }

    [Fact]
    public async Task The_breaker_trips_under_faults_rejects_calls_then_recovers()
    {
        var policy = new SourcePolicyOptions
        {
            CacheTtl = TimeSpan.Zero,
            MinimumThroughput = 2,
            FailureRatio = 0.5,
            SamplingDuration = TimeSpan.FromSeconds(5),
            BreakDuration = TimeSpan.FromMilliseconds(500),
        };
        var source = new ObservedSource<MarketQuote>(_inner, policy, _kit.Metrics, _kit.Logger, TimeProvider.System);

        _inner.Failing = true;
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<DataSourceException>(() => source.FetchAsync("BTC", default));
        }

        Assert.Equal(1, _kit.Value($"circuit_breaker_state{{{Labels}}}"));
        Assert.Equal(1, _kit.Value($"circuit_breaker_trips_total{{{Labels}}}"));
        var callsBefore = _inner.Calls;
        var rejected = await Assert.ThrowsAsync<DataSourceException>(() => source.FetchAsync("BTC", default));
        Assert.Equal("circuit_open", rejected.ErrorType);
        Assert.Equal(callsBefore, _inner.Calls);

        _inner.Failing = false;
        await Task.Delay(TimeSpan.FromMilliseconds(700));
        Assert.NotNull(await source.FetchAsync("BTC", default));

        Assert.Equal(0, _kit.Value($"circuit_breaker_state{{{Labels}}}"));
        Assert.Equal(1, _kit.Value($"circuit_breaker_recoveries_total{{{Labels}}}"));
        Assert.Equal(1, _kit.Value($"data_source_errors_total{{{Labels},error_type=\"circuit_open\"}}"));
    }

    [Fact]
    public async Task Injected_faults_fail_the_configured_share_of_calls()
    {
        var faulty = new FaultInjectingSource<MarketQuote>(_inner, 0.3, TimeSpan.Zero, new Random(7));
        var failures = 0;
        for (var i = 0; i < 2000; i++)
        {
            try
            {
                await faulty.FetchAsync("BTC", default);
            }
            catch (DataSourceException e) when (e.ErrorType == "injected_fault")
            {
                failures++;
            }
        }

        Assert.InRange(failures, 600 - 130, 600 + 130); // Binomial(2000, 0.3): sd ≈ 20.5, 6 sd
    }

    public void Dispose() => _kit.Dispose();

    private sealed class SwitchableSource : IDataSource<MarketQuote>
    {
        private int _calls;

        public bool Failing { get; set; }

        public int Calls => _calls;

        public string Source => "coingecko";

        public string Endpoint => "/coins/markets";

        public Task<MarketQuote?> FetchAsync(string symbol, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Failing
                ? throw new DataSourceException("http_error", "503 Service Unavailable")
                : Task.FromResult<MarketQuote?>(new MarketQuote(symbol, symbol, 1, 1e9, 1e8, 1, DateTimeOffset.UtcNow));
        }
    }
}
