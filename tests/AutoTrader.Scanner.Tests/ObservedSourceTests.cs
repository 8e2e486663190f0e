using AutoTrader.Observability.Metrics;
using AutoTrader.Scanner.Market;
using AutoTrader.Scanner.Sources;
using Microsoft.Extensions.Logging;
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
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch); // a busy machine cannot let the break run out early
        var source = new ObservedSource<MarketQuote>(_inner, policy, _kit.Metrics, _kit.Logger, clock);

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
        clock.Advance(TimeSpan.FromMilliseconds(700));
        Assert.NotNull(await source.FetchAsync("BTC", default));

        Assert.Equal(0, _kit.Value($"circuit_breaker_state{{{Labels}}}"));
        Assert.Equal(1, _kit.Value($"circuit_breaker_recoveries_total{{{Labels}}}"));
        Assert.Equal(1, _kit.Value($"data_source_errors_total{{{Labels},error_type=\"circuit_open\"}}"));
    }

    [Fact]
    public async Task A_sustained_outage_over_several_break_periods_is_one_trip_and_no_recovery()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var log = new EventRecorder();
        var source = new ObservedSource<MarketQuote>(_inner, Breaking, _kit.Metrics, log, clock);
        _inner.Failing = true;
        await FailTwiceAsync(source);

        for (var period = 0; period < 4; period++)
        {
            clock.Advance(Breaking.BreakDuration + TimeSpan.FromMilliseconds(1));
            var trial = await Assert.ThrowsAsync<DataSourceException>(() => source.FetchAsync("BTC", default));
            Assert.Equal("http_error", trial.ErrorType); // the trial call reached the source and failed
        }

        Assert.Equal(1, _kit.Value($"circuit_breaker_trips_total{{{Labels}}}"));
        Assert.Equal(0, _kit.Value($"circuit_breaker_recoveries_total{{{Labels}}}"));
        Assert.Equal(1, _kit.Value($"circuit_breaker_state{{{Labels}}}"));
        Assert.Equal(CircuitBreakerState.Open, source.BreakerState);
        Assert.Equal(1, log.Events.Count(e => e == "circuit_breaker_opened"));
        Assert.Equal(4, log.Events.Count(e => e == "circuit_breaker_reopened"));
        Assert.Equal(4, log.Events.Count(e => e == "circuit_breaker_half_open"));
    }

    [Fact]
    public async Task Flapping_counts_every_trip_from_closed_and_every_recovery_to_closed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var source = new ObservedSource<MarketQuote>(_inner, Breaking, _kit.Metrics, _kit.Logger, clock);

        for (var cycle = 1; cycle <= 3; cycle++)
        {
            _inner.Failing = true;
            await FailTwiceAsync(source);
            Assert.Equal(cycle, _kit.Value($"circuit_breaker_trips_total{{{Labels}}}"));
            Assert.Equal(cycle - 1, _kit.Value($"circuit_breaker_recoveries_total{{{Labels}}}"));

            clock.Advance(Breaking.BreakDuration + TimeSpan.FromMilliseconds(1));
            _inner.Failing = false;
            Assert.NotNull(await source.FetchAsync("BTC", default));
            Assert.Equal(cycle, _kit.Value($"circuit_breaker_recoveries_total{{{Labels}}}"));
            Assert.Equal(0, _kit.Value($"circuit_breaker_state{{{Labels}}}"));
        }

        _inner.Failing = true;
        await FailTwiceAsync(source);
        Assert.Equal(4, _kit.Value($"circuit_breaker_trips_total{{{Labels}}}"));
        Assert.Equal(3, _kit.Value($"circuit_breaker_recoveries_total{{{Labels}}}"));
    }

    [Fact]
    public async Task The_breaker_state_property_follows_the_breaker_through_a_trial_call()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var source = new ObservedSource<MarketQuote>(_inner, Breaking, _kit.Metrics, _kit.Logger, clock);
        Assert.Equal(CircuitBreakerState.Closed, source.BreakerState);

        _inner.Failing = true;
        await FailTwiceAsync(source);
        Assert.Equal(CircuitBreakerState.Open, source.BreakerState);

        clock.Advance(Breaking.BreakDuration + TimeSpan.FromMilliseconds(1));
        _inner.Failing = false;
        _inner.Gate = new TaskCompletionSource();
        var trial = source.FetchAsync("BTC", default);
        await _inner.Entered.Task;
        Assert.Equal(CircuitBreakerState.HalfOpen, source.BreakerState);
        Assert.Equal(2, _kit.Value($"circuit_breaker_state{{{Labels}}}"));

        _inner.Gate.SetResult();
        Assert.NotNull(await trial);
        Assert.Equal(CircuitBreakerState.Closed, source.BreakerState);
    }

    [Fact]
    public async Task An_untyped_exception_from_the_source_is_classified_counted_logged_seen_by_the_breaker_and_rethrown_typed()
    {
        var log = new EventRecorder();
        var source = new ObservedSource<MarketQuote>(_inner, Breaking, _kit.Metrics, log, new FakeTimeProvider(DateTimeOffset.UnixEpoch));
        _inner.Throw = new InvalidOperationException("bad state at http://upstream.example/coins?symbols=btc");

        for (var i = 0; i < 2; i++)
        {
            var e = await Assert.ThrowsAsync<DataSourceException>(() => source.FetchAsync("BTC", default));
            Assert.Equal("unexpected_error", e.ErrorType);
            Assert.Equal("coingecko /coins/markets failed unexpectedly (InvalidOperationException)", e.Message);
            Assert.Same(_inner.Throw, e.InnerException);
        }

        Assert.Equal(2, _kit.Value($"data_source_errors_total{{{Labels},error_type=\"unexpected_error\"}}"));
        Assert.Equal(2, _kit.Value($"data_source_requests_total{{{Labels},status=\"failure\"}}"));
        Assert.Equal(2, log.Lines.Count(l => l is { Event: "data_source_error", Level: LogLevel.Warning } && l.Exception == _inner.Throw));
        Assert.Equal(1, _kit.Value($"circuit_breaker_trips_total{{{Labels}}}"));
        Assert.Equal("circuit_open", (await Assert.ThrowsAsync<DataSourceException>(() => source.FetchAsync("BTC", default))).ErrorType);
    }

    [Fact]
    public async Task The_callers_own_cancellation_is_rethrown_as_is_and_counted_nowhere()
    {
        var source = new ObservedSource<MarketQuote>(_inner, Breaking, _kit.Metrics, _kit.Logger, TimeProvider.System);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        _inner.Throw = new OperationCanceledException(cancelled.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => source.FetchAsync("BTC", cancelled.Token));

        Assert.Equal(0, _kit.Value($"data_source_requests_total{{{Labels},status=\"failure\"}}"));
        Assert.Equal(CircuitBreakerState.Closed, source.BreakerState);
    }

    [Fact]
    public async Task A_cancellation_the_caller_did_not_ask_for_is_a_timeout()
    {
        var source = new ObservedSource<MarketQuote>(_inner, Breaking, _kit.Metrics, _kit.Logger, TimeProvider.System);
        _inner.Throw = new TaskCanceledException("some inner deadline");

        var e = await Assert.ThrowsAsync<DataSourceException>(() => source.FetchAsync("BTC", default));

        Assert.Equal("timeout", e.ErrorType);
        Assert.Equal(1, _kit.Value($"data_source_errors_total{{{Labels},error_type=\"timeout\"}}"));
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

    /// <summary>Two failures open the breaker for a second; no cache, so that every call reaches the breaker.</summary>
    private static readonly SourcePolicyOptions Breaking = new()
    {
        CacheTtl = TimeSpan.Zero,
        MinimumThroughput = 2,
        FailureRatio = 0.5,
        SamplingDuration = TimeSpan.FromSeconds(30),
        BreakDuration = TimeSpan.FromSeconds(1),
    };

    private static async Task FailTwiceAsync(ObservedSource<MarketQuote> source)
    {
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<DataSourceException>(() => source.FetchAsync("BTC", default));
        }

        Assert.Equal(CircuitBreakerState.Open, source.BreakerState);
    }

    private sealed class SwitchableSource : IDataSource<MarketQuote>
    {
        private int _calls;

        public bool Failing { get; set; }

        /// <summary>Thrown instead of answering, when set.</summary>
        public Exception? Throw { get; set; }

        /// <summary>Holds the next call until completed, after signalling <see cref="Entered"/>.</summary>
        public TaskCompletionSource? Gate { get; set; }

        public TaskCompletionSource Entered { get; } = new();

        public int Calls => _calls;

        public string Source => "coingecko";

        public string Endpoint => "/coins/markets";

        public async Task<MarketQuote?> FetchAsync(string symbol, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (Gate is { } gate)
            {
                Entered.TrySetResult();
                await gate.Task;
            }

            return Throw is { } e ? throw e
                : Failing ? throw new DataSourceException("http_error", "503 Service Unavailable")
                : new MarketQuote(symbol, symbol, 1, 1e9, 1e8, 1, DateTimeOffset.UtcNow);
        }
    }
}
