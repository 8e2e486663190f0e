using AutoTrader.Scanner.Market;
using AutoTrader.Scanner.Narrative;
using AutoTrader.Scanner.Pipeline;
using AutoTrader.Scanner.Sources;
using Microsoft.Extensions.Logging.Abstractions;

namespace AutoTrader.Scanner.Tests;

/// <summary>The one sequence the API, the background loop and the <c>scan</c> command run: scan, narrate, store.</summary>
public sealed class ScanServiceTests : IDisposable
{
    private readonly ScannerTestKit _kit = new();
    private readonly ScanResultStore _store = new();

    [Fact]
    public async Task A_successful_scan_is_narrated_and_kept_in_the_store()
    {
        var result = await Service().ScanAsync("btc", narrate: true, default);

        Assert.True(result.Succeeded);
        Assert.StartsWith("BTC ", result.Narrative, StringComparison.Ordinal);
        Assert.Same(result, _store.Find("BTC"));
    }

    [Fact]
    public async Task A_scan_not_to_be_narrated_is_kept_without_narrative_and_asks_no_provider()
    {
        var result = await Service().ScanAsync("ETH", narrate: false, default);

        Assert.True(result.Succeeded);
        Assert.Null(result.Narrative);
        Assert.Same(result, _store.Find("ETH"));
        Assert.Equal(0, _kit.Value("llm_requests_total{provider=\"local\",model=\"template-v1\",status=\"success\"}"));
    }

    [Fact]
    public async Task A_failed_scan_is_returned_and_not_stored()
    {
        var result = await Service().ScanAsync("ZZZ", narrate: true, default);

        Assert.Equal("not_found", result.ErrorType);
        Assert.Null(_store.Find("ZZZ"));
        Assert.Empty(_store.All);
    }

    public void Dispose() => _kit.Dispose();

    private ScanService Service()
    {
        var replay = new SnapshotReplay(MarketSnapshot.LoadEmbedded(), TimeProvider.System);
        var scanner = new TokenScanner(new ReplayMarketSource(replay), new ReplayOrderBookSource(replay), _kit.Metrics, NullLogger<TokenScanner>.Instance, TimeProvider.System);
        var narrator = new ObservedNarrator(new LocalNarrator(), new Dictionary<string, LlmPrice>(), _kit.Metrics, NullLogger.Instance, TimeProvider.System);
        return new ScanService(scanner, narrator, _store);
    }
}
