using AutoTrader.Scanner.Market;
using AutoTrader.Scanner.Pipeline;
using AutoTrader.Scanner.Sources;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AutoTrader.Scanner.Tests;

public sealed class TokenScannerTests : IDisposable
{
    private readonly ScannerTestKit _kit = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch.AddDays(20000));

    private TokenScanner Scanner(IDataSource<MarketQuote>? market = null, IDataSource<OrderBook>? books = null, params string[] watchlist)
    {
        var replay = new SnapshotReplay(MarketSnapshot.LoadEmbedded(), _clock);
        return new TokenScanner(market ?? new ReplayMarketSource(replay), books ?? new ReplayOrderBookSource(replay), _kit.Metrics, NullLogger<TokenScanner>.Instance, _clock, watchlist);
    }

    [Fact]
    public async Task A_successful_scan_records_every_scanner_metric()
    {
        var result = await Scanner().ScanAsync("moon");

        Assert.True(result.Succeeded);
        Assert.Equal("MOON", result.Symbol);
        Assert.False(result.Degraded);
        Assert.Equal(1, _kit.Value("scan_requests_total{token_symbol=\"MOON\",status=\"success\"}"));
        Assert.Equal(1, _kit.Value("scan_duration_seconds_count{token_symbol=\"MOON\",status=\"success\"}"));
        Assert.Equal(1, _kit.Value("gem_score_distribution_count{token_symbol=\"MOON\"}"));
        Assert.Equal(result.Score!.GemScore, _kit.Value("gem_score_distribution_sum{token_symbol=\"MOON\"}"), 6);
        Assert.Equal(result.Score.Confidence, _kit.Value("confidence_score_distribution_sum{token_symbol=\"MOON\"}"), 6);
        Assert.All(result.Score.Flags, f => Assert.Equal(1, _kit.Value($"flagged_tokens_total{{token_symbol=\"MOON\",flag_reason=\"{f.Name}\"}}")));
        Assert.Contains(result.Score.Flags, f => f.Name == "low_liquidity");
    }

    [Fact]
    public async Task One_failed_source_degrades_the_scan_instead_of_failing_it()
    {
        var replay = new SnapshotReplay(MarketSnapshot.LoadEmbedded(), _clock);
        var brokenBooks = new FaultInjectingSource<OrderBook>(new ReplayOrderBookSource(replay), 1.0, TimeSpan.Zero, new Random(1));

        var result = await Scanner(books: brokenBooks).ScanAsync("BTC");

        Assert.True(result.Succeeded);
        Assert.True(result.Degraded);
        Assert.True(result.Score!.Confidence < 0.5);
    }

    [Fact]
    public async Task Both_sources_failing_is_a_failed_scan_with_the_error_type()
    {
        var replay = new SnapshotReplay(MarketSnapshot.LoadEmbedded(), _clock);
        var scanner = Scanner(
            new FaultInjectingSource<MarketQuote>(new ReplayMarketSource(replay), 1.0, TimeSpan.Zero, new Random(1)),
            new FaultInjectingSource<OrderBook>(new ReplayOrderBookSource(replay), 1.0, TimeSpan.Zero, new Random(1)),
            "ETH");

        var result = await scanner.ScanAsync("ETH");

        Assert.False(result.Succeeded);
        Assert.Equal("injected_fault", result.ErrorType);
        Assert.Equal(1, _kit.Value("scan_requests_total{token_symbol=\"ETH\",status=\"failure\"}"));
        Assert.Equal(1, _kit.Value("scan_errors_total{token_symbol=\"ETH\",error_type=\"injected_fault\"}"));
    }

    [Fact]
    public async Task An_unknown_symbol_is_a_not_found_client_error_under_the_unknown_label()
    {
        var result = await Scanner().ScanAsync("ZZZ");

        Assert.Equal("not_found", result.ErrorType);
        Assert.Equal("ZZZ", result.Symbol);
        Assert.Equal(1, _kit.Value("scan_errors_total{token_symbol=\"unknown\",error_type=\"not_found\"}"));
        Assert.Equal(1, _kit.Value("scan_requests_total{token_symbol=\"unknown\",status=\"failure\"}"));
        Assert.Equal(0, _kit.Value("scan_errors_total{token_symbol=\"ZZZ\",error_type=\"not_found\"}"));
    }

    [Fact]
    public async Task A_token_becomes_a_label_value_once_a_source_has_answered_for_it()
    {
        var failing = new SwitchableMarket(new SnapshotReplay(MarketSnapshot.LoadEmbedded(), _clock));
        var scanner = Scanner(failing, new FailingBooks());

        failing.Failing = true;
        await scanner.ScanAsync("SOL"); // never confirmed: its failure is recorded as unknown
        failing.Failing = false;
        await scanner.ScanAsync("SOL"); // the market source answers: SOL is confirmed
        failing.Failing = true;
        await scanner.ScanAsync("SOL"); // from now on SOL's failures are its own

        Assert.Equal(1, _kit.Value("scan_errors_total{token_symbol=\"unknown\",error_type=\"http_error\"}"));
        Assert.Equal(1, _kit.Value("scan_requests_total{token_symbol=\"SOL\",status=\"success\"}"));
        Assert.Equal(1, _kit.Value("scan_errors_total{token_symbol=\"SOL\",error_type=\"http_error\"}"));
    }

    [Fact]
    public async Task A_source_that_throws_something_unexpected_fails_the_scan_as_an_internal_error()
    {
        var result = await Scanner(new ThrowingMarket(), new FailingBooks(), "BTC").ScanAsync("BTC");

        Assert.False(result.Succeeded);
        Assert.Equal("internal_error", result.ErrorType);
        Assert.DoesNotContain("secret", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, _kit.Value("scan_errors_total{token_symbol=\"BTC\",error_type=\"internal_error\"}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("BTC\"} 1\nfake_metric 2")]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ")]
    public async Task Hostile_input_is_a_validation_error_under_one_fixed_label(string symbol)
    {
        var result = await Scanner().ScanAsync(symbol);

        Assert.Equal("validation_error", result.ErrorType);
        Assert.Equal(1, _kit.Value("scan_errors_total{token_symbol=\"invalid\",error_type=\"validation_error\"}"));
    }

    public void Dispose() => _kit.Dispose();

    private sealed class SwitchableMarket(SnapshotReplay replay) : IDataSource<MarketQuote>
    {
        public bool Failing { get; set; }

        public string Source => "coingecko";

        public string Endpoint => "/coins/markets";

        public Task<MarketQuote?> FetchAsync(string symbol, CancellationToken cancellationToken) =>
            Failing ? throw new DataSourceException("http_error", "coingecko /coins/markets answered 503") : Task.FromResult(replay.Quote(symbol));
    }

    private sealed class FailingBooks : IDataSource<OrderBook>
    {
        public string Source => "binance";

        public string Endpoint => "/orderbook";

        public Task<OrderBook?> FetchAsync(string symbol, CancellationToken cancellationToken) =>
            throw new DataSourceException("http_error", "binance /orderbook answered 503");
    }

    private sealed class ThrowingMarket : IDataSource<MarketQuote>
    {
        public string Source => "coingecko";

        public string Endpoint => "/coins/markets";

        public Task<MarketQuote?> FetchAsync(string symbol, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a defect with a secret in its message");
    }
}
