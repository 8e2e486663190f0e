using System.Text.Json;
using AutoTrader.Observability.Configuration;
using AutoTrader.Scanner.Configuration;

namespace AutoTrader.Scanner.Tests;

public sealed class ScannerConfigurationTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public void The_shipped_file_and_the_built_in_defaults_agree()
    {
        var file = ScannerConfiguration.Load(ShippedFile(), NoEnvironment);
        var builtIn = ScannerConfiguration.Load(null, NoEnvironment);
        builtIn.Watchlist ??= [.. builtIn.EffectiveWatchlist];
        builtIn.Llm.Prices ??= builtIn.Llm.EffectivePrices.ToDictionary();

        Assert.Equal(JsonSerializer.Serialize(builtIn), JsonSerializer.Serialize(file));
        Assert.Equal("offline", file.Mode);
    }

    [Fact]
    public void The_groq_key_comes_from_the_environment_through_the_shipped_placeholder()
    {
        var o = ScannerConfiguration.Load(ShippedFile(), new Dictionary<string, string> { ["GROQ_API_KEY"] = "gsk-test" });

        Assert.Equal("gsk-test", o.Llm.ApiKey);
        Assert.Equal(0.79, o.Llm.EffectivePrices["llama3-70b-8192"].OutputPerMillion);
    }

    [Fact]
    public void Replayed_prices_can_be_frozen_at_an_instant_given_in_any_offset()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "scanner:\n  replay_prices_at: \"2026-01-01T02:00:00+02:00\"\n");
        try
        {
            var o = ScannerConfiguration.Load(path, NoEnvironment);

            Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), o.ReplayPricesInstant);
            Assert.Null(ScannerConfiguration.Load(null, NoEnvironment).ReplayPricesInstant);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Environment_variables_point_the_scanner_at_live_apis()
    {
        var o = ScannerConfiguration.Load(null, new Dictionary<string, string> { ["SCANNER_MODE"] = "live", ["COINGECKO_BASE_URL"] = "http://127.0.0.1:9999/api/v3/" });

        Assert.Equal("live", o.Mode);
        Assert.Equal("http://127.0.0.1:9999/api/v3/", o.CoinGecko.BaseUrl);
    }

    [Theory]
    [InlineData("mode: online", "scanner.mode", "offline, live")]
    [InlineData("watchlist: [BTC, \"not a symbol\"]", "scanner.watchlist", "1 to 15 letters or digits")]
    [InlineData("coingecko: { fault_error_rate: 1.5 }", "scanner.coingecko.fault_error_rate", "between 0 and 1")]
    [InlineData("binance: { base_url: \"ftp://x\" }", "scanner.binance.base_url", "http://")]
    [InlineData("coingecko: { max_response_bytes: 1000 }", "scanner.coingecko.max_response_bytes", "between 1024 and 268435456 bytes")]
    [InlineData("binance: { max_response_bytes: 268435457 }", "scanner.binance.max_response_bytes", "between 1024 and 268435456 bytes")]
    [InlineData("llm: { max_response_bytes: 0 }", "scanner.llm.max_response_bytes", "between 1024 and 268435456 bytes")]
    [InlineData("circuit_breaker: { minimum_throughput: 1 }", "scanner.circuit_breaker.minimum_throughput", "at least 2")]
    [InlineData("scan_interval_seconds: 0", "scanner.scan_interval_seconds", "between 0.1 and 86400")]
    [InlineData("replay_prices_at: yesterday", "scanner.replay_prices_at", "ISO 8601 instant")]
    [InlineData("replay_prices_at: \"01/02/2026\"", "scanner.replay_prices_at", "ISO 8601 instant")]
    [InlineData("mode: live\n  replay_prices_at: \"2026-01-01T00:00:00Z\"", "scanner.replay_prices_at", "offline mode only")]
    [InlineData("llm: { provider: openai }", "scanner.llm.provider", "auto, groq, local")]
    [InlineData("llm: { provider: groq }", "scanner.llm.api_key", "GROQ_API_KEY")]
    [InlineData("llm: { prices: { m1: { input_usd_per_million: -1 } } }", "scanner.llm.prices.m1", "must not be negative")]
    [InlineData("llm: { prices: { m1: { input_usd: 1 } } }", "scanner.llm.prices.m1.input_usd", "unknown key")]
    public void Invalid_values_are_named_with_what_is_allowed(string line, string key, string allowed)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "scanner:\n  " + line + "\n");
        try
        {
            var e = Assert.Throws<ScannerConfigurationException>(() => ScannerConfiguration.Load(path, NoEnvironment));

            Assert.Contains(key, e.Message, StringComparison.Ordinal);
            Assert.Contains(allowed, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string ShippedFile()
    {
        var root = Path.GetDirectoryName(typeof(ScannerConfigurationTests).Assembly.Location)!;
        while (!File.Exists(Path.Combine(root, "AutoTrader.Observability.slnx")))
        {
            root = Path.GetDirectoryName(root)!;
        }

        return Path.Combine(root, "configs", "scanner.yaml");
    }
}
