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

    private TokenScanner Scanner(IDataSource<MarketQuote>? market = null, IDataSource<OrderBook>? books = null)
    {
        var replay = new SnapshotReplay(MarketSnapshot.LoadEmbedded(), _clock);
        return new TokenScanner(market ?? new ReplayMarketSource(replay), books ?? new ReplayOrderBookSource(replay), _kit.Metrics, NullLogger<TokenScanner>.Instance, _clock);
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
            new FaultInjectingSource<OrderBook>(new ReplayOrderBookSource(replay), 1.0, TimeSpan.Zero, new Random(1)));

        var result = await scanner.ScanAsync("ETH");

        Assert.False(result.Succeeded);
        Assert.Equal("injected_fault", result.ErrorType);
        Assert.Equal(1, _kit.Value("scan_requests_total{token_symbol=\"ETH\",status=\"failure\"}"));
        Assert.Equal(1, _kit.Value("scan_errors_total{token_symbol=\"ETH\",error_type=\"injected_fault\"}"));
    }

    [Fact]
    public async Task An_unknown_symbol_fails_as_not_found()
    {
        var result = await Scanner().ScanAsync("ZZZ");

        Assert.Equal("not_found", result.ErrorType);
        Assert.Equal(1, _kit.Value("scan_errors_total{token_symbol=\"ZZZ\",error_type=\"not_found\"}"));
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
}
