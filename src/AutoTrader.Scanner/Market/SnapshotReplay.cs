namespace AutoTrader.Scanner.Market;

/// <summary>
/// Replays the snapshot so that prices move deterministically over time: each token's price
/// oscillates around its reference with its own period and an amplitude of a quarter of its daily
/// volatility, so the same instant always gives the same quote and order book.
/// </summary>
/// <param name="snapshot">The tokens replayed.</param>
/// <param name="time">The clock of the quotes' and books' timestamps.</param>
/// <param name="pricesAt">An instant the prices stay frozen at (the timestamps still follow <paramref name="time"/>); null lets them move.</param>
public sealed class SnapshotReplay(MarketSnapshot snapshot, TimeProvider time, DateTimeOffset? pricesAt = null)
{
    private const int BookLevels = 10;
    private readonly Dictionary<string, SnapshotToken> _tokens = snapshot.Tokens.ToDictionary(t => t.Symbol, StringComparer.Ordinal);

    /// <summary>Every symbol of the snapshot.</summary>
    public IReadOnlyCollection<string> Symbols => _tokens.Keys;

    /// <summary>The quote of <paramref name="symbol"/> now, or null when the snapshot lacks it.</summary>
    public MarketQuote? Quote(string symbol)
    {
        if (!_tokens.TryGetValue(symbol, out var t))
        {
            return null;
        }

        var now = time.GetUtcNow();
        var factor = PriceFactor(t, pricesAt ?? now);
        return new MarketQuote(t.Symbol, t.Name, t.PriceUsd * factor, t.MarketCapUsd * factor, t.Volume24hUsd, t.PriceChange24hPct, now);
    }

    /// <summary>The order book of <paramref name="symbol"/> now, or null when the snapshot lacks it.</summary>
    public OrderBook? Book(string symbol)
    {
        if (!_tokens.TryGetValue(symbol, out var t))
        {
            return null;
        }

        var now = time.GetUtcNow();
        var mid = t.PriceUsd * PriceFactor(t, pricesAt ?? now);
        var halfSpread = mid * t.SpreadBps / 20_000;

        // Levels spread evenly from the best price to 2 % of mid on each side, holding the snapshot's depth between them.
        var perLevelUsd = t.OrderBookDepthUsd / (2 * BookLevels);
        var bids = new OrderBookLevel[BookLevels];
        var asks = new OrderBookLevel[BookLevels];
        for (var i = 0; i < BookLevels; i++)
        {
            var offset = halfSpread + ((Math.Max(mid * 0.0199, halfSpread) - halfSpread) * i / (BookLevels - 1));
            bids[i] = new OrderBookLevel(mid - offset, perLevelUsd / (mid - offset));
            asks[i] = new OrderBookLevel(mid + offset, perLevelUsd / (mid + offset));
        }

        return new OrderBook(t.Symbol, bids, asks, now);
    }

    private static double PriceFactor(SnapshotToken t, DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeMilliseconds() / 1000.0;
        return 1 + (t.Volatility24h / 4 * Math.Sin((2 * Math.PI * seconds / t.CycleSeconds) + t.Phase));
    }
}
