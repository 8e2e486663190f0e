namespace AutoTrader.Scanner.Market;

/// <summary>One price level of an order book.</summary>
/// <param name="Price">Price in USD.</param>
/// <param name="Quantity">Quantity in tokens.</param>
public readonly record struct OrderBookLevel(double Price, double Quantity);

/// <summary>
/// A token's order book as the Binance depth endpoint reports it, best levels first. Its measures
/// stay finite for any finite levels, however extreme: a mid that is not positive has no spread and
/// no depth, and a notional past <see cref="double.MaxValue"/> saturates there.
/// </summary>
/// <param name="Symbol">Upper-case ticker.</param>
/// <param name="Bids">Buy orders, highest price first.</param>
/// <param name="Asks">Sell orders, lowest price first.</param>
/// <param name="Timestamp">When the book was taken.</param>
public sealed record OrderBook(string Symbol, IReadOnlyList<OrderBookLevel> Bids, IReadOnlyList<OrderBookLevel> Asks, DateTimeOffset Timestamp)
{
    /// <summary>Midpoint of the best bid and ask; 0 when a side is empty.</summary>
    public double MidPrice => Bids.Count == 0 || Asks.Count == 0
        ? 0
        : (Bids[0].Price / 2) + (Asks[0].Price / 2); // halves first: two prices near double.MaxValue would overflow their sum

    /// <summary>
    /// Best ask minus best bid, in basis points of the mid price; null when a side is empty or a
    /// best price is not positive. With positive finite prices it lies within ±20,000.
    /// </summary>
    public double? SpreadBps
    {
        get
        {
            var mid = MidPrice;
            if (!(mid > 0 && Bids[0].Price > 0 && Asks[0].Price > 0))
            {
                return null;
            }

            var bps = (Asks[0].Price - Bids[0].Price) / mid * 10_000;
            return double.IsFinite(bps) ? bps : null;
        }
    }

    /// <summary>
    /// USD notional of all orders within <paramref name="fraction"/> of the mid price, both sides;
    /// levels with a price or quantity that is not positive add nothing. 0 when the mid is not positive.
    /// </summary>
    public double DepthUsd(double fraction)
    {
        var mid = MidPrice;
        if (!(mid > 0))
        {
            return 0;
        }

        return SaturatingSum(SaturatingSum(0, Bids.Where(l => l.Price >= mid * (1 - fraction))), Asks.Where(l => l.Price <= mid * (1 + fraction)));
    }

    private static double SaturatingSum(double total, IEnumerable<OrderBookLevel> levels)
    {
        foreach (var level in levels.Where(l => l.Price > 0 && l.Quantity > 0))
        {
            total = Math.Min(total + (level.Price * level.Quantity), double.MaxValue);
        }

        return total;
    }
}
