using AutoTrader.Scanner.Configuration;
using AutoTrader.Scanner.Market;
using AutoTrader.Scanner.Narrative;
using AutoTrader.Scanner.Pipeline;
using AutoTrader.Scanner.Scans;
using AutoTrader.Scanner.Sources;
using AutoTrader.Scanner.Tests.Hostile;
using Microsoft.Extensions.Logging.Abstractions;

namespace AutoTrader.Scanner.Tests;

/// <summary>
/// The generated hostile replies (<see cref="HostileReplies"/>), served by the stub, replayed through
/// the real clients, then through the whole scan: only typed errors or sane values come out, and
/// every failure is counted.
/// </summary>
public sealed class HostileUpstreamTests : IAsyncLifetime, IDisposable
{
    /// <summary>A small cap keeps the oversized variants cheap; the cap's logic does not depend on its size.</summary>
    private const int Cap = 64 * 1024;

    private const string ApiKey = "gsk-hostile-test-key";

    /// <summary>Far beyond any answer of the stub, even on a loaded machine.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>For the stalled variants only, which must time out: nothing else is served to a client this impatient.</summary>
    private static readonly TimeSpan Impatience = TimeSpan.FromMilliseconds(300);
    private readonly ScannerTestKit _kit = new();
    private ApiStub _stub = null!;

    public async Task InitializeAsync() => _stub = await ApiStub.StartAsync();

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public async Task Every_hostile_coingecko_reply_is_a_typed_error_or_a_sane_quote()
    {
        using HttpClient patient = Http(Patience), impatient = Http(Impatience);
        CoinGeckoMarketsClient client = new(patient, Cap), stalled = new(impatient, Cap);

        await ReplayAsync(RealReplies.CoinGeckoMarketsPath, HostileReplies.CoinGeckoMarkets(Cap), async r => await (r.Delivery == Delivery.Stalled ? stalled : client).FetchAsync("BTC", default), v => Sanity.Of((MarketQuote)v));
    }

    [Fact]
    public async Task Every_hostile_binance_reply_is_a_typed_error_or_a_sane_book()
    {
        using HttpClient patient = Http(Patience), impatient = Http(Impatience);
        BinanceDepthClient client = new(patient, TimeProvider.System, Cap), stalled = new(impatient, TimeProvider.System, Cap);

        await ReplayAsync(RealReplies.BinanceDepthPath, HostileReplies.BinanceDepth(Cap), async r => await (r.Delivery == Delivery.Stalled ? stalled : client).FetchAsync("BTC", default), v => Sanity.Of((OrderBook)v));
    }

    [Fact]
    public async Task Every_hostile_chat_completion_is_a_typed_error_or_a_sane_narrative()
    {
        using HttpClient patient = Http(Patience), impatient = Http(Impatience);
        ChatCompletionsNarrator client = new(patient, "llama3-70b-8192", ApiKey, Cap), stalled = new(impatient, "llama3-70b-8192", ApiKey, Cap);
        var scan = await OfflineScanAsync();

        await ReplayAsync(RealReplies.ChatCompletionsPath, HostileReplies.ChatCompletions(Cap), async r => await (r.Delivery == Delivery.Stalled ? stalled : client).NarrateAsync(scan, default), v => Sanity.Of((Narrative.Narrative)v));
    }

    [Fact]
    public async Task Scans_survive_every_hostile_reply_of_all_three_upstreams_and_count_every_failure()
    {
        using ScanPipeline patient = new(_stub, _kit, Patience), impatient = new(_stub, _kit, Impatience);
        var replies = new[] { HostileReplies.CoinGeckoMarkets(Cap), HostileReplies.BinanceDepth(Cap), HostileReplies.ChatCompletions(Cap) };
        var paths = new[] { RealReplies.CoinGeckoMarketsPath, RealReplies.BinanceDepthPath, RealReplies.ChatCompletionsPath };
        var expected = new Tally();
        var problems = new List<string>();

        for (var i = 0; i < replies.Max(r => r.Count); i++)
        {
            var served = Enumerable.Range(0, 3).Select(k => replies[k][i % replies[k].Count]).ToArray();
            for (var k = 0; k < 3; k++)
            {
                _stub.Replies[paths[k]] = served[k].WriteAsync;
            }

            var pipeline = served.Any(s => s.Delivery == Delivery.Stalled) ? impatient : patient;
            (pipeline.Market.Last, pipeline.Books.Last, pipeline.Llm.Last) = (null, null, null);
            var result = await pipeline.Narrator.AddNarrativeAsync(await pipeline.Scanner.ScanAsync("BTC"), default);

            var variant = string.Join(" | ", served.Select(s => s.Name));
            var llm = pipeline.Llm.Last;
            expected.Source("coingecko", pipeline.Market.Last, variant, problems);
            expected.Source("binance", pipeline.Books.Last, variant, problems);
            expected.Scan(result);
            expected.Llm(llm, variant, problems);
            if (Sanity.Of(result) is { } insane)
            {
                problems.Add($"{variant}: {insane}");
            }

            if (result.Succeeded != (llm is not null) || (result.Narrative is not null) != (llm is { Error: null }))
            {
                problems.Add($"{variant}: narrated {result.Narrative is not null} after a provider outcome of {llm}");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems.Take(40)));
        expected.AssertCounted(_kit);
    }

    /// <summary>Serves each reply in turn and collects every outcome the reply did not allow.</summary>
    private async Task ReplayAsync(string path, IReadOnlyList<HostileReply> replies, Func<HostileReply, Task<object?>> call, Func<object, string?> sanity)
    {
        Assert.InRange(replies.Count, 300, 5000); // hundreds of variants, as the suite promises
        var problems = new List<string>();
        foreach (var reply in replies)
        {
            _stub.Replies[path] = reply.WriteAsync;
            if (await ProblemAsync(reply, () => call(reply), sanity) is { } problem)
            {
                problems.Add($"{reply.Name}: {problem}");
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} of {replies.Count} variants misbehaved:\n" + string.Join('\n', problems.Take(40)));
    }

    private async Task<string?> ProblemAsync(HostileReply reply, Func<Task<object?>> call, Func<object, string?> sanity)
    {
        object? value;
        try
        {
            value = await call();
        }
        catch (DataSourceException e)
        {
            return ProblemWith(e)
                ?? (reply.Expected == e.ErrorType || reply.Expected == Expect.AnyTyped ? null : $"failed as {e.ErrorType} ({e.Message}), expected {reply.Expected}");
        }
        catch (Exception e)
        {
            return $"threw {e.GetType().Name}: {e.Message}";
        }

        return value is null
            ? reply.Expected is Expect.Nothing or Expect.AnyTyped ? null : $"returned null, expected {reply.Expected}"
            : sanity(value) is { } insane ? "returned an insane value: " + insane
            : reply.Expected is Expect.Value or Expect.AnyTyped ? null : $"returned a value, expected {reply.Expected}";
    }

    /// <summary>A client's error must be of a documented type other than the defensive <c>unexpected_error</c>, and its message must not give away the URL or the key.</summary>
    private string? ProblemWith(DataSourceException e) =>
        !DataSourceException.ErrorTypes.Contains(e.ErrorType) || e.ErrorType == "unexpected_error" ? "error type " + e.ErrorType
        : new[] { _stub.BaseAddress.Authority, "symbols=", "symbol=", "vs_currency", ApiKey }.FirstOrDefault(s => e.Message.Contains(s, StringComparison.Ordinal)) is { } leak ? $"message '{e.Message}' gives away '{leak}'"
        : null;

    /// <summary>A client as the service builds it: redirects not followed.</summary>
    private static HttpClient Http(ApiStub stub, TimeSpan timeout) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = stub.BaseAddress, Timeout = timeout };

    private HttpClient Http(TimeSpan timeout) => Http(_stub, timeout);

    private async Task<ScanResult> OfflineScanAsync()
    {
        var replay = new SnapshotReplay(MarketSnapshot.LoadEmbedded(), TimeProvider.System);
        return await new TokenScanner(new ReplayMarketSource(replay), new ReplayOrderBookSource(replay), _kit.Metrics, NullLogger<TokenScanner>.Instance, TimeProvider.System).ScanAsync("BTC");
    }

    /// <summary>The real clients, each behind a recorder, under the observed sources, the scanner and the observed narrator.</summary>
    private sealed class ScanPipeline : IDisposable
    {
        private readonly HttpClient _sources;
        private readonly HttpClient _llm;

        public ScanPipeline(ApiStub stub, ScannerTestKit kit, TimeSpan timeout)
        {
            _sources = Http(stub, timeout * 2); // the breaker pipeline's timeout comes first, as in the service
            _llm = Http(stub, timeout);
            Market = new RecordingSource<MarketQuote>(new CoinGeckoMarketsClient(_sources, Cap));
            Books = new RecordingSource<OrderBook>(new BinanceDepthClient(_sources, TimeProvider.System, Cap));
            Llm = new RecordingNarrator(new ChatCompletionsNarrator(_llm, "llama3-70b-8192", ApiKey, Cap));
            var policy = new SourcePolicyOptions { CacheTtl = TimeSpan.Zero, Timeout = timeout, MinimumThroughput = int.MaxValue }; // never opens: every reply reaches a client
            Scanner = new TokenScanner(
                new ObservedSource<MarketQuote>(Market, policy, kit.Metrics, kit.Logger, TimeProvider.System),
                new ObservedSource<OrderBook>(Books, policy, kit.Metrics, kit.Logger, TimeProvider.System),
                kit.Metrics,
                NullLogger<TokenScanner>.Instance,
                TimeProvider.System,
                watchlist: ["BTC"]); // a watchlist token: its failures are its own series from the first scan
            Narrator = new ObservedNarrator(Llm, new LlmOptions().EffectivePrices, kit.Metrics, kit.Logger, TimeProvider.System);
        }

        public RecordingSource<MarketQuote> Market { get; }

        public RecordingSource<OrderBook> Books { get; }

        public RecordingNarrator Llm { get; }

        public TokenScanner Scanner { get; }

        public ObservedNarrator Narrator { get; }

        public void Dispose()
        {
            _sources.Dispose();
            _llm.Dispose();
        }
    }

    /// <summary>What the metrics must show after the replay, counted from what each layer saw.</summary>
    private sealed class Tally
    {
        private readonly Dictionary<string, Dictionary<string, int>> _sourceErrors = new() { ["coingecko"] = [], ["binance"] = [] };
        private readonly Dictionary<string, int> _sourceSuccesses = new() { ["coingecko"] = 0, ["binance"] = 0 };
        private readonly Dictionary<string, int> _scanErrors = [];
        private int _scanSuccesses;
        private int _llmSuccesses;
        private int _llmFailures;

        public void Source(string source, CallOutcome? outcome, string variant, List<string> problems)
        {
            switch (outcome)
            {
                case null:
                    problems.Add($"{variant}: {source} was not called");
                    break;
                case { Error: null }:
                    _sourceSuccesses[source]++;
                    break;
                case { Error: OperationCanceledException }:
                    Count(_sourceErrors[source], "timeout"); // the breaker pipeline's timeout cancelled the client
                    break;
                case { Error: DataSourceException { ErrorType: var type } } when DataSourceException.ErrorTypes.Contains(type):
                    Count(_sourceErrors[source], type);
                    break;
                default:
                    problems.Add($"{variant}: {source} threw {outcome.Error}");
                    break;
            }
        }

        public void Llm(CallOutcome? outcome, string variant, List<string> problems)
        {
            switch (outcome)
            {
                case null:
                    break;
                case { Error: null }:
                    _llmSuccesses++;
                    break;
                case { Error: DataSourceException { ErrorType: var type } } when DataSourceException.ErrorTypes.Contains(type):
                    _llmFailures++;
                    break;
                default:
                    problems.Add($"{variant}: the LLM client threw {outcome.Error}");
                    break;
            }
        }

        public void Scan(ScanResult result)
        {
            if (result.Succeeded)
            {
                _scanSuccesses++;
            }
            else
            {
                Count(_scanErrors, result.ErrorType!);
            }
        }

        public void AssertCounted(ScannerTestKit kit)
        {
            foreach (var (source, endpoint) in new[] { ("coingecko", "/coins/markets"), ("binance", "/orderbook") })
            {
                var labels = $"source=\"{source}\",endpoint=\"{endpoint}\"";
                var errors = _sourceErrors[source];
                Assert.True(errors.Values.Sum() > 100, $"{source}: only {errors.Values.Sum()} failures; the replay lost its teeth");
                Assert.Equal(errors.Values.Sum(), kit.Value($"data_source_requests_total{{{labels},status=\"failure\"}}"));
                Assert.Equal(_sourceSuccesses[source], kit.Value($"data_source_requests_total{{{labels},status=\"success\"}}"));
                Assert.All(DataSourceException.ErrorTypes, type =>
                    Assert.Equal(errors.GetValueOrDefault(type), kit.Value($"data_source_errors_total{{{labels},error_type=\"{type}\"}}")));
            }

            const string llm = "provider=\"groq\",model=\"llama3-70b-8192\"";
            Assert.True(_llmFailures > 100, $"only {_llmFailures} LLM failures");
            Assert.Equal(_llmFailures, kit.Value($"llm_requests_total{{{llm},status=\"failure\"}}"));
            Assert.Equal(_llmSuccesses, kit.Value($"llm_requests_total{{{llm},status=\"success\"}}"));
            Assert.Equal(_scanSuccesses, kit.Value("scan_requests_total{token_symbol=\"BTC\",status=\"success\"}"));
            // A reply saying the token does not exist is a client's not_found, recorded under "unknown".
            var notFound = _scanErrors.GetValueOrDefault("not_found");
            Assert.Equal(_scanErrors.Values.Sum() - notFound, kit.Value("scan_requests_total{token_symbol=\"BTC\",status=\"failure\"}"));
            Assert.Equal(notFound, kit.Value("scan_requests_total{token_symbol=\"unknown\",status=\"failure\"}"));
            Assert.All(_scanErrors, e => Assert.Equal(e.Value, kit.Value($"scan_errors_total{{token_symbol=\"{(e.Key == "not_found" ? "unknown" : "BTC")}\",error_type=\"{e.Key}\"}}")));
        }

        private static void Count(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
    }
}
