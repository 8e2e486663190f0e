using AutoTrader.Scanner.Market;

namespace AutoTrader.Scanner.Scoring;

/// <summary>Turns what the data sources returned (either may be missing) into <see cref="TokenFeatures"/>.</summary>
public static class FeatureExtractor
{
    /// <summary>Fraction of mid within which order book depth is measured.</summary>
    public const double DepthBand = 0.02;

    /// <summary>Extracts features at <paramref name="now"/>.</summary>
    public static TokenFeatures Extract(MarketQuote? quote, OrderBook? book, DateTimeOffset now)
    {
        var oldest = new[] { quote?.LastUpdated, book?.Timestamp }.Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(now).Min();
        return new TokenFeatures(
            DepthUsd: book?.DepthUsd(DepthBand),
            VolumeToMarketCap: quote is { MarketCapUsd: > 0 } q ? q.Volume24hUsd / q.MarketCapUsd : null,
            PriceChange24hPct: quote?.PriceChange24hPct,
            SpreadBps: book is { MidPrice: > 0 } ? book.SpreadBps : null,
            Volatility: quote is null ? null : Math.Abs(quote.PriceChange24hPct) / 100,
            MarketPriceUsd: quote?.PriceUsd,
            BookMidUsd: book is { MidPrice: > 0 } ? book.MidPrice : null,
            DataAge: now - oldest);
    }
}
