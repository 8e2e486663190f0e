namespace AutoTrader.Scanner.Market;

/// <summary>A token's market data as the CoinGecko <c>/coins/markets</c> endpoint reports it.</summary>
/// <param name="Symbol">Upper-case ticker, such as <c>BTC</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="PriceUsd">Last price.</param>
/// <param name="MarketCapUsd">Market capitalisation.</param>
/// <param name="Volume24hUsd">Traded volume over 24 hours.</param>
/// <param name="PriceChange24hPct">Price change over 24 hours, in percent.</param>
/// <param name="LastUpdated">When the source last updated the quote.</param>
public sealed record MarketQuote(
    string Symbol,
    string Name,
    double PriceUsd,
    double MarketCapUsd,
    double Volume24hUsd,
    double PriceChange24hPct,
    DateTimeOffset LastUpdated);
