using System.Globalization;
using AutoTrader.Scanner.Sources;
using Microsoft.Extensions.Configuration;

namespace AutoTrader.Scanner.Configuration;

/// <summary>The <c>scanner</c> section of <c>configs/scanner.yaml</c>.</summary>
public sealed class ScannerOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "scanner";

    /// <summary>The modes <see cref="Mode"/> accepts.</summary>
    public static readonly IReadOnlyList<string> Modes = ["offline", "live"];

    /// <summary>
    /// <c>offline</c> replays the shipped synthetic snapshot; <c>live</c> calls the sources' base URLs.
    /// Default value: <c>offline</c>.
    /// </summary>
    [ConfigurationKeyName("mode")]
    public string Mode { get; set; } = "offline";

    /// <summary>Tokens scanned in the background. Default value: BTC, ETH, SOL, BNB, XRP, DOGE, LINK, PEPE, GEMX, MOON.</summary>
    [ConfigurationKeyName("watchlist")]
    public List<string>? Watchlist { get; set; }

    /// <summary>Seconds between two background scans of the watchlist. Default value: <c>15</c>.</summary>
    [ConfigurationKeyName("scan_interval_seconds")]
    public double ScanIntervalSeconds { get; set; } = 15;

    /// <summary>
    /// Offline mode only: an ISO 8601 instant (<c>2026-01-01T00:00:00Z</c>) the replayed prices stay
    /// frozen at, so that every process serves the same quotes whenever it scans; for benchmarks and
    /// reproducible runs. Default value: unset (prices move with the clock).
    /// </summary>
    [ConfigurationKeyName("replay_prices_at")]
    public string? ReplayPricesAt { get; set; }

    /// <summary><see cref="ReplayPricesAt"/> parsed (UTC when it names no offset); null when unset or not ISO 8601.</summary>
    public DateTimeOffset? ReplayPricesInstant => DateTimeOffset.TryParseExact(
        ReplayPricesAt,
        ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
        CultureInfo.InvariantCulture,
        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
        out var at) ? at : null;

    /// <summary>CoinGecko, for market data (<c>/coins/markets</c>).</summary>
    [ConfigurationKeyName("coingecko")]
    public SourceOptions CoinGecko { get; set; } = new() { BaseUrl = "https://api.coingecko.com/api/v3/" };

    /// <summary>Binance, for order books (depth API, reported as <c>/orderbook</c>).</summary>
    [ConfigurationKeyName("binance")]
    public SourceOptions Binance { get; set; } = new() { BaseUrl = "https://api.binance.com/" };

    /// <summary>Circuit breaker settings shared by every source endpoint.</summary>
    [ConfigurationKeyName("circuit_breaker")]
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>Who writes the narrative of a scan.</summary>
    [ConfigurationKeyName("llm")]
    public LlmOptions Llm { get; set; } = new();

    /// <summary>The configured watchlist, or the default.</summary>
    public IReadOnlyList<string> EffectiveWatchlist => Watchlist ?? ["BTC", "ETH", "SOL", "BNB", "XRP", "DOGE", "LINK", "PEPE", "GEMX", "MOON"];
}

/// <summary>One external source.</summary>
public sealed class SourceOptions
{
    /// <summary>Root URL of the live API.</summary>
    [ConfigurationKeyName("base_url")]
    public string BaseUrl { get; set; } = "";

    /// <summary>Seconds a call may take. Default value: <c>10</c>.</summary>
    [ConfigurationKeyName("timeout_seconds")]
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Seconds an answer is served from the cache. Default value: <c>30</c>.</summary>
    [ConfigurationKeyName("cache_ttl_seconds")]
    public double CacheTtlSeconds { get; set; } = 30;

    /// <summary>
    /// Largest response body read, in bytes; a larger one fails as <c>response_too_large</c>.
    /// Default value: <c>4194304</c> (4 MiB).
    /// </summary>
    [ConfigurationKeyName("max_response_bytes")]
    public int MaxResponseBytes { get; set; } = SourceHttp.DefaultMaxResponseBytes;

    /// <summary>Share of calls (0..1) made to fail on purpose, to see breakers and alerts at work. Default value: <c>0</c>.</summary>
    [ConfigurationKeyName("fault_error_rate")]
    public double FaultErrorRate { get; set; }

    /// <summary>Milliseconds added to every call on purpose. Default value: <c>0</c>.</summary>
    [ConfigurationKeyName("fault_latency_ms")]
    public double FaultLatencyMs { get; set; }
}

/// <summary>Circuit breaker settings.</summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Share of failed calls that opens the breaker. Default value: <c>0.5</c>.</summary>
    [ConfigurationKeyName("failure_ratio")]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the window before the breaker may open. Default value: <c>4</c>.</summary>
    [ConfigurationKeyName("minimum_throughput")]
    public int MinimumThroughput { get; set; } = 4;

    /// <summary>Seconds over which failures are counted. Default value: <c>30</c>.</summary>
    [ConfigurationKeyName("sampling_seconds")]
    public double SamplingSeconds { get; set; } = 30;

    /// <summary>Seconds an open breaker rejects calls. Default value: <c>15</c>.</summary>
    [ConfigurationKeyName("break_seconds")]
    public double BreakSeconds { get; set; } = 15;
}
