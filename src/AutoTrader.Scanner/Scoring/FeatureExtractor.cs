using AutoTrader.Scanner.Market;

namespace AutoTrader.Scanner.Scoring;

/// <summary>
/// Turns what the data sources returned (either may be missing) into <see cref="TokenFeatures"/>.
/// Every feature is finite or null, whatever the inputs: a ratio past <see cref="double.MaxValue"/>
/// saturates there, and an input that is not a number leaves its feature missing.
/// </summary>
public static class FeatureExtractor
{
    /// <summary>Fraction of mid within which order book depth is measured.</summary>
    public const double DepthBand = 0.02;

    /// <summary>Extracts features at <paramref name="now"/>; an input timestamped after <paramref name="now"/> is 0 old.</summary>
    public static TokenFeatures Extract(MarketQuote? quote, OrderBook? book, DateTimeOffset now)
    {
        var oldest = new[] { quote?.LastUpdated, book?.Timestamp }.Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(now).Min();
        return new TokenFeatures(
            DepthUsd: Finite(book?.DepthUsd(DepthBand)),
            VolumeToMarketCap: quote is { MarketCapUsd: > 0 } q ? Finite(q.Volume24hUsd / q.MarketCapUsd) : null,
            PriceChange24hPct: Finite(quote?.PriceChange24hPct),
            SpreadBps: Finite(book?.SpreadBps),
            Volatility: Finite(quote is null ? null : Math.Abs(quote.PriceChange24hPct) / 100),
            MarketPriceUsd: Finite(quote?.PriceUsd),
            BookMidUsd: book is { MidPrice: > 0 } ? Finite(book.MidPrice) : null,
            DataAge: now > oldest ? now - oldest : TimeSpan.Zero);
    }

    private static double? Finite(double? value) => value switch
    {
        null or double.NaN => null,
        _ => Math.Clamp(value.Value, -double.MaxValue, double.MaxValue),
    };
}
