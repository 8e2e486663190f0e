using AutoTrader.Scanner.Configuration;
using AutoTrader.Scanner.Market;
using AutoTrader.Scanner.Narrative;
using AutoTrader.Scanner.Pipeline;
using AutoTrader.Scanner.Scans;
using AutoTrader.Scanner.Sources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AutoTrader.Scanner.Tests;

public sealed class NarratorTests : IAsyncLifetime, IDisposable
{
    private readonly ScannerTestKit _kit = new();
    private ApiStub _stub = null!;

    public async Task InitializeAsync() => _stub = await ApiStub.StartAsync();

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public void The_local_tokenizer_counts_words_numbers_and_punctuation()
    {
        Assert.Equal(6, LocalNarrator.CountTokens("BTC looks strong, GemScore 71.9")); // BTC looks strong , GemScore 71.9
    }

    [Fact]
    public async Task The_local_provider_writes_a_narrative_counts_tokens_and_costs_nothing()
    {
        var scan = await ScanAsync("MOON");
        var narrated = await Observed(new LocalNarrator()).AddNarrativeAsync(scan, default);

        Assert.Contains("MOON", narrated.Narrative, StringComparison.Ordinal);
        Assert.Contains("order book depth", narrated.Narrative, StringComparison.Ordinal);
        const string labels = "provider=\"local\",model=\"template-v1\"";
        Assert.Equal(1, _kit.Value($"llm_requests_total{{{labels},status=\"success\"}}"));
        Assert.Equal(1, _kit.Value($"llm_latency_seconds_count{{{labels}}}"));
        Assert.True(_kit.Value($"llm_tokens_used_total{{{labels},token_type=\"input\"}}") > 20);
        Assert.Equal(LocalNarrator.CountTokens(narrated.Narrative!), _kit.Value($"llm_tokens_used_total{{{labels},token_type=\"output\"}}"));
        Assert.Equal(0, _kit.Value($"llm_cost_usd_total{{{labels}}}"));
    }

    [Fact]
    public async Task Chat_completions_take_tokens_from_usage_and_cost_from_the_price_table()
    {
        using var http = _stub.Client();
        var narrator = Observed(new ChatCompletionsNarrator(http, "llama3-70b-8192", "gsk-secret"));

        var narrated = await narrator.AddNarrativeAsync(await ScanAsync("BTC"), default);

        Assert.Equal("BTC looks strong. Liquidity is deep.", narrated.Narrative);
        Assert.Equal("Bearer gsk-secret", _stub.LastAuthorization);
        Assert.Equal("llama3-70b-8192", _stub.LastModel);
        const string labels = "provider=\"groq\",model=\"llama3-70b-8192\"";
        Assert.Equal(120, _kit.Value($"llm_tokens_used_total{{{labels},token_type=\"input\"}}"));
        Assert.Equal(30, _kit.Value($"llm_tokens_used_total{{{labels},token_type=\"output\"}}"));

        // Default table: 0.59 USD per million input tokens, 0.79 per million output tokens.
        Assert.Equal(((120 * 0.59) + (30 * 0.79)) / 1e6, _kit.Value($"llm_cost_usd_total{{{labels}}}"), 12);
    }

    [Fact]
    public async Task A_failing_provider_leaves_the_scan_without_narrative_and_counts_the_failure()
    {
        _stub.Fault = c => { c.Response.StatusCode = 503; return Task.CompletedTask; };
        using var http = _stub.Client();

        var narrated = await Observed(new ChatCompletionsNarrator(http, "llama3-70b-8192", "k")).AddNarrativeAsync(await ScanAsync("ETH"), default);

        Assert.True(narrated.Succeeded);
        Assert.Null(narrated.Narrative);
        Assert.Equal(1, _kit.Value("llm_requests_total{provider=\"groq\",model=\"llama3-70b-8192\",status=\"failure\"}"));
    }

    [Fact]
    public async Task A_completion_whose_content_is_null_leaves_the_scan_without_narrative_and_counts_a_malformed_response()
    {
        _stub.Replies[RealReplies.ChatCompletionsPath] = c => c.Response.WriteAsync(
            """{"choices":[{"index":0,"message":{"role":"assistant","content":null},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":0}}""");
        using var http = _stub.Client();
        var log = new EventRecorder();
        var direct = new ChatCompletionsNarrator(http, "llama3-70b-8192", "gsk-secret");

        var e = await Assert.ThrowsAsync<DataSourceException>(async () => await direct.NarrateAsync(await ScanAsync("BTC"), default));
        var narrated = await Observed(direct, log).AddNarrativeAsync(await ScanAsync("BTC"), default);

        Assert.Equal("malformed_response", e.ErrorType);
        Assert.Equal("groq /chat/completions answered a reply without 'content'", e.Message);
        Assert.True(narrated.Succeeded);
        Assert.Null(narrated.Narrative);
        Assert.Equal(1, _kit.Value("llm_requests_total{provider=\"groq\",model=\"llama3-70b-8192\",status=\"failure\"}"));
        Assert.Contains(log.Lines, l => l is { Event: "llm_error", Level: LogLevel.Warning });
    }

    [Fact]
    public async Task A_provider_that_throws_anything_leaves_the_scan_without_narrative_counts_and_logs_it()
    {
        var log = new EventRecorder();
        var broken = new ThrowingNarrator(new NullReferenceException("bug"));

        var narrated = await Observed(broken, log).AddNarrativeAsync(await ScanAsync("BTC"), default);

        Assert.True(narrated.Succeeded);
        Assert.Null(narrated.Narrative);
        Assert.Equal(1, _kit.Value("llm_requests_total{provider=\"broken\",model=\"m\",status=\"failure\"}"));
        Assert.Equal(1, _kit.Value("llm_latency_seconds_count{provider=\"broken\",model=\"m\"}"));
        var line = Assert.Single(log.Lines, l => l.Event == "llm_error");
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Same(broken.Error, line.Exception);
    }

    [Fact]
    public async Task The_callers_own_cancellation_is_rethrown_and_not_counted_as_a_provider_failure()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var scan = await ScanAsync("BTC");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Observed(new ThrowingNarrator(new OperationCanceledException(cancelled.Token))).AddNarrativeAsync(scan, cancelled.Token));

        Assert.Equal(0, _kit.Value("llm_requests_total{provider=\"broken\",model=\"m\",status=\"failure\"}"));
    }

    private ObservedNarrator Observed(INarrator narrator, ILogger? logger = null) =>
        new(narrator, new LlmOptions().EffectivePrices, _kit.Metrics, logger ?? NullLogger.Instance, TimeProvider.System);

    private sealed class ThrowingNarrator(Exception error) : INarrator
    {
        public Exception Error => error;

        public string Provider => "broken";

        public string Model => "m";

        public Task<Narrative.Narrative> NarrateAsync(ScanResult scan, CancellationToken cancellationToken) => throw error;
    }

    private async Task<ScanResult> ScanAsync(string symbol)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var replay = new SnapshotReplay(MarketSnapshot.LoadEmbedded(), clock);
        var scanner = new TokenScanner(new ReplayMarketSource(replay), new ReplayOrderBookSource(replay), _kit.Metrics, NullLogger<TokenScanner>.Instance, clock);
        return await scanner.ScanAsync(symbol);
    }
}
