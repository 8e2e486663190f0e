namespace AutoTrader.Scanner.Scoring;

/// <summary>The measured inputs of a token's score; a null means the source that gives it was unavailable.</summary>
/// <param name="DepthUsd">USD depth of the order book within 2 % of mid (order book).</param>
/// <param name="VolumeToMarketCap">24 h volume divided by market cap (market data).</param>
/// <param name="PriceChange24hPct">24 h price change in percent (market data).</param>
/// <param name="SpreadBps">Bid-ask spread in basis points (order book).</param>
/// <param name="Volatility">Absolute 24 h change as a fraction, a volatility proxy (market data).</param>
/// <param name="MarketPriceUsd">Price reported by the market data source.</param>
/// <param name="BookMidUsd">Mid price of the order book.</param>
/// <param name="DataAge">Age of the oldest input.</param>
public sealed record TokenFeatures(
    double? DepthUsd,
    double? VolumeToMarketCap,
    double? PriceChange24hPct,
    double? SpreadBps,
    double? Volatility,
    double? MarketPriceUsd,
    double? BookMidUsd,
    TimeSpan DataAge);
