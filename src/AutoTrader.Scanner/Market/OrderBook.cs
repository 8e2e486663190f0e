namespace AutoTrader.Scanner.Market;

/// <summary>One price level of an order book.</summary>
/// <param name="Price">Price in USD.</param>
/// <param name="Quantity">Quantity in tokens.</param>
public readonly record struct OrderBookLevel(double Price, double Quantity);

/// <summary>A token's order book as the Binance depth endpoint reports it, best levels first.</summary>
/// <param name="Symbol">Upper-case ticker.</param>
/// <param name="Bids">Buy orders, highest price first.</param>
/// <param name="Asks">Sell orders, lowest price first.</param>
/// <param name="Timestamp">When the book was taken.</param>
public sealed record OrderBook(string Symbol, IReadOnlyList<OrderBookLevel> Bids, IReadOnlyList<OrderBookLevel> Asks, DateTimeOffset Timestamp)
{
    /// <summary>Midpoint of the best bid and ask; 0 when a side is empty.</summary>
    public double MidPrice => Bids.Count == 0 || Asks.Count == 0 ? 0 : (Bids[0].Price + Asks[0].Price) / 2;

    /// <summary>Best ask minus best bid, in basis points of the mid price.</summary>
    public double SpreadBps => MidPrice == 0 ? double.PositiveInfinity : (Asks[0].Price - Bids[0].Price) / MidPrice * 10_000;

    /// <summary>USD notional of all orders within <paramref name="fraction"/> of the mid price, both sides.</summary>
    public double DepthUsd(double fraction)
    {
        var mid = MidPrice;
        if (mid == 0)
        {
            return 0;
        }

        return Bids.Where(l => l.Price >= mid * (1 - fraction)).Sum(l => l.Price * l.Quantity)
             + Asks.Where(l => l.Price <= mid * (1 + fraction)).Sum(l => l.Price * l.Quantity);
    }
}
