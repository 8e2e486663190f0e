using AutoTrader.Observability.Configuration;
using AutoTrader.Scanner.Market;
using AutoTrader.Scanner.Sources;

namespace AutoTrader.Scanner.Configuration;

/// <summary>Loads and validates <see cref="ScannerOptions"/> from <c>configs/scanner.yaml</c>.</summary>
public static class ScannerConfiguration
{
    /// <summary>The scanner configuration file looked for when none is named.</summary>
    public const string DefaultPath = "configs/scanner.yaml";

    /// <summary>Smallest <c>max_response_bytes</c> accepted: a real answer is never shorter.</summary>
    private const int MinResponseCapBytes = 1024;

    /// <summary>Environment variables that override keys of the file.</summary>
    public static readonly IReadOnlyDictionary<string, string> EnvironmentOverrides = new Dictionary<string, string>
    {
        ["SCANNER_MODE"] = "scanner:mode",
        ["COINGECKO_BASE_URL"] = "scanner:coingecko:base_url",
        ["BINANCE_BASE_URL"] = "scanner:binance:base_url",
    };

    /// <summary>Loads the file at <paramref name="path"/> (null: defaults), the environment, then <paramref name="overrides"/>.</summary>
    /// <exception cref="ScannerConfigurationException">A value is invalid; the message names each.</exception>
    public static ScannerOptions Load(string? path, IReadOnlyDictionary<string, string>? environment = null, IEnumerable<ConfigurationOverride>? overrides = null)
    {
        if (path is not null && !File.Exists(path))
        {
            throw new ScannerConfigurationException(new ObservabilityConfigurationException($"configuration file '{path}' does not exist"));
        }

        try
        {
            using var reader = path is null ? null : new StreamReader(path);
            return StrictYamlOptions.Load<ScannerOptions>(
                reader,
                path ?? "",
                ScannerOptions.SectionName,
                environment ?? ObservabilityConfiguration.ProcessEnvironment(),
                EnvironmentOverrides,
                overrides,
                Validate);
        }
        catch (ObservabilityConfigurationException found)
        {
            throw new ScannerConfigurationException(found);
        }
    }

    /// <summary>The cache and breaker policy of <paramref name="source"/>.</summary>
    public static SourcePolicyOptions Policy(ScannerOptions options, SourceOptions source)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(source);
        return new SourcePolicyOptions
        {
            CacheTtl = TimeSpan.FromSeconds(source.CacheTtlSeconds),
            Timeout = TimeSpan.FromSeconds(source.TimeoutSeconds),
            FailureRatio = options.CircuitBreaker.FailureRatio,
            MinimumThroughput = options.CircuitBreaker.MinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(options.CircuitBreaker.SamplingSeconds),
            BreakDuration = TimeSpan.FromSeconds(options.CircuitBreaker.BreakSeconds),
        };
    }

    private static void Validate(ScannerOptions options, Func<string, string> origin, List<string> problems)
    {
        void Fail(string key, object? value, string allowed) =>
            problems.Add($"scanner.{key} = '{value}'{origin("scanner:" + key.Replace('.', ':'))}: {allowed}");

        void ValidateMaxResponseBytes(string section, int value)
        {
            if (value is < MinResponseCapBytes or > SourceHttp.MaxResponseBytesLimit)
            {
                Fail(section + ".max_response_bytes", value, $"must be between {MinResponseCapBytes} and {SourceHttp.MaxResponseBytesLimit} bytes");
            }
        }

        if (!ScannerOptions.Modes.Contains(options.Mode))
        {
            Fail("mode", options.Mode, "allowed values are " + string.Join(", ", ScannerOptions.Modes));
        }

        foreach (var symbol in options.EffectiveWatchlist.Where(s => !TokenSymbol.IsValid(s)))
        {
            Fail("watchlist", symbol, TokenSymbol.Rule);
        }

        if (options.ReplayPricesAt is not null && (options.ReplayPricesInstant is null || options.Mode != "offline"))
        {
            Fail("replay_prices_at", options.ReplayPricesAt, options.Mode != "offline"
                ? "applies to offline mode only; remove it for live mode"
                : "must be an ISO 8601 instant such as 2026-01-01T00:00:00Z");
        }

        if (options.ScanIntervalSeconds is < 0.1 or > 86_400)
        {
            Fail("scan_interval_seconds", options.ScanIntervalSeconds, "must be between 0.1 and 86400");
        }

        foreach (var (key, source) in new[] { ("coingecko", options.CoinGecko), ("binance", options.Binance) })
        {
            if (!(Uri.TryCreate(source.BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                Fail(key + ".base_url", source.BaseUrl, "must be an absolute http:// or https:// URL");
            }

            if (source.TimeoutSeconds is <= 0 or > 300)
            {
                Fail(key + ".timeout_seconds", source.TimeoutSeconds, "must be greater than 0 and at most 300");
            }

            if (source.CacheTtlSeconds < 0)
            {
                Fail(key + ".cache_ttl_seconds", source.CacheTtlSeconds, "must not be negative (0 turns the cache off)");
            }

            ValidateMaxResponseBytes(key, source.MaxResponseBytes);
            if (source.FaultErrorRate is < 0 or > 1)
            {
                Fail(key + ".fault_error_rate", source.FaultErrorRate, "must be between 0 and 1");
            }

            if (source.FaultLatencyMs is < 0 or > 600_000)
            {
                Fail(key + ".fault_latency_ms", source.FaultLatencyMs, "must be between 0 and 600000");
            }
        }

        var llm = options.Llm;
        if (!LlmOptions.Providers.Contains(llm.Provider))
        {
            Fail("llm.provider", llm.Provider, "allowed values are " + string.Join(", ", LlmOptions.Providers));
        }

        if (llm.Provider == "groq" && llm.ApiKey.Length == 0)
        {
            problems.Add("scanner.llm.api_key" + origin("scanner:llm:api_key") + ": provider groq needs an API key; set GROQ_API_KEY, or use provider auto or local");
        }

        if (!(Uri.TryCreate(llm.BaseUrl, UriKind.Absolute, out var llmUri) && llmUri.Scheme is "http" or "https"))
        {
            Fail("llm.base_url", llm.BaseUrl, "must be an absolute http:// or https:// URL");
        }

        if (llm.TimeoutSeconds is <= 0 or > 300)
        {
            Fail("llm.timeout_seconds", llm.TimeoutSeconds, "must be greater than 0 and at most 300");
        }

        ValidateMaxResponseBytes("llm", llm.MaxResponseBytes);
        foreach (var (model, price) in llm.EffectivePrices)
        {
            if (price.InputPerMillion < 0 || price.OutputPerMillion < 0)
            {
                Fail($"llm.prices.{model}", $"{price.InputPerMillion}/{price.OutputPerMillion}", "prices must not be negative");
            }
        }

        var breaker = options.CircuitBreaker;
        if (breaker.FailureRatio is <= 0 or > 1)
        {
            Fail("circuit_breaker.failure_ratio", breaker.FailureRatio, "must be greater than 0 and at most 1");
        }

        if (breaker.MinimumThroughput < 2)
        {
            Fail("circuit_breaker.minimum_throughput", breaker.MinimumThroughput, "must be at least 2");
        }

        if (breaker.SamplingSeconds < 0.5)
        {
            Fail("circuit_breaker.sampling_seconds", breaker.SamplingSeconds, "must be at least 0.5");
        }

        if (breaker.BreakSeconds < 0.5)
        {
            Fail("circuit_breaker.break_seconds", breaker.BreakSeconds, "must be at least 0.5");
        }
    }
}
