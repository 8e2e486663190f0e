using AutoTrader.Observability.Metrics;
using AutoTrader.Scanner.Configuration;
using AutoTrader.Scanner.Health;
using AutoTrader.Scanner.Market;
using AutoTrader.Scanner.Narrative;
using AutoTrader.Scanner.Pipeline;
using AutoTrader.Scanner.Sources;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

#pragma warning disable IDE0130 // In the DI namespace, as Microsoft's own Add* extensions are, so callers need no extra using.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the scanner: its data sources (offline replay or live APIs), their policies, and the pipeline.</summary>
public static class ScannerServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ScanService"/> (scan, narrate, store), the <see cref="TokenScanner"/> and the
    /// two source endpoints it reads, each behind its cache, circuit breaker and optional injected
    /// faults. Needs <c>AddAutoTraderMetrics</c>.
    /// </summary>
    public static IServiceCollection AddAutoTraderScanner(this IServiceCollection services, ScannerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        if (options.Mode == "offline")
        {
            services.AddSingleton(sp => new SnapshotReplay(MarketSnapshot.LoadEmbedded(), sp.GetRequiredService<TimeProvider>(), options.ReplayPricesInstant));
            services.AddSingleton<IDataSource<MarketQuote>>(sp => Observe(sp, new ReplayMarketSource(sp.GetRequiredService<SnapshotReplay>()), options, options.CoinGecko));
            services.AddSingleton<IDataSource<OrderBook>>(sp => Observe(sp, new ReplayOrderBookSource(sp.GetRequiredService<SnapshotReplay>()), options, options.Binance));
        }
        else
        {
            services.AddSingleton<IDataSource<MarketQuote>>(sp => Observe(sp, new CoinGeckoMarketsClient(Http(options.CoinGecko), options.CoinGecko.MaxResponseBytes), options, options.CoinGecko));
            services.AddSingleton<IDataSource<OrderBook>>(sp => Observe(sp, new BinanceDepthClient(Http(options.Binance), sp.GetRequiredService<TimeProvider>(), options.Binance.MaxResponseBytes), options, options.Binance));
        }

        services.AddSingleton(sp => new ObservedNarrator(
            Narrator(options.Llm),
            options.Llm.EffectivePrices,
            sp.GetRequiredService<AutoTraderMetrics>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("AutoTrader.Scanner.Narrative"),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISourceBreaker>(sp => (ObservedSource<MarketQuote>)sp.GetRequiredService<IDataSource<MarketQuote>>());
        services.AddSingleton<ISourceBreaker>(sp => (ObservedSource<OrderBook>)sp.GetRequiredService<IDataSource<OrderBook>>());
        services.AddSingleton(sp => new TokenScanner(
            sp.GetRequiredService<IDataSource<MarketQuote>>(),
            sp.GetRequiredService<IDataSource<OrderBook>>(),
            sp.GetRequiredService<AutoTraderMetrics>(),
            sp.GetRequiredService<ILogger<TokenScanner>>(),
            sp.GetRequiredService<TimeProvider>(),
            options.EffectiveWatchlist));
        services.AddSingleton<ScanResultStore>();
        services.AddSingleton<ScanService>();
        return services;
    }

    /// <summary>Adds the background scans of the watchlist, which begin once the host has started (its listeners bound).</summary>
    public static IServiceCollection AddAutoTraderScanLoop(this IServiceCollection services)
    {
        services.TryAddSingleton<ScanLoopHeartbeat>();
        return services.AddHostedService<ScanLoop>();
    }

    private static INarrator Narrator(LlmOptions llm) =>
        llm.Provider == "groq" || (llm.Provider == "auto" && llm.ApiKey.Length > 0)
            ? new ChatCompletionsNarrator(Http(llm.BaseUrl, TimeSpan.FromSeconds(llm.TimeoutSeconds)), llm.Model, llm.ApiKey, llm.MaxResponseBytes)
            : new LocalNarrator();

    private static ObservedSource<T> Observe<T>(IServiceProvider sp, IDataSource<T> source, ScannerOptions options, SourceOptions sourceOptions)
        where T : class
    {
        if (sourceOptions.FaultErrorRate > 0 || sourceOptions.FaultLatencyMs > 0)
        {
            source = new FaultInjectingSource<T>(source, sourceOptions.FaultErrorRate, TimeSpan.FromMilliseconds(sourceOptions.FaultLatencyMs), new Random());
        }

        return new ObservedSource<T>(
            source,
            ScannerConfiguration.Policy(options, sourceOptions),
            sp.GetRequiredService<AutoTraderMetrics>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("AutoTrader.Scanner.Sources"),
            sp.GetRequiredService<TimeProvider>());
    }

    // Timeouts are the breaker pipeline's (SourcePolicyOptions.Timeout); the client's own is a backstop.
    private static HttpClient Http(SourceOptions source) => Http(source.BaseUrl, TimeSpan.FromSeconds(source.TimeoutSeconds * 2));

    // Redirects are not followed: none of the APIs redirects, and an upstream must not send the scanner elsewhere.
    private static HttpClient Http(string baseUrl, TimeSpan timeout) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl), Timeout = timeout };
}
