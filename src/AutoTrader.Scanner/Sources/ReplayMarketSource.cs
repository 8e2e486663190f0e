using AutoTrader.Scanner.Market;

namespace AutoTrader.Scanner.Sources;

/// <summary>The offline <c>coingecko</c> <c>/coins/markets</c>: quotes from the replayed snapshot.</summary>
public sealed class ReplayMarketSource(SnapshotReplay replay) : IDataSource<MarketQuote>
{
    /// <inheritdoc />
    public string Source => "coingecko";

    /// <inheritdoc />
    public string Endpoint => "/coins/markets";

    /// <inheritdoc />
    public Task<MarketQuote?> FetchAsync(string symbol, CancellationToken cancellationToken) => Task.FromResult(replay.Quote(symbol));
}

/// <summary>The offline <c>binance</c> <c>/orderbook</c>: order books from the replayed snapshot.</summary>
public sealed class ReplayOrderBookSource(SnapshotReplay replay) : IDataSource<OrderBook>
{
    /// <inheritdoc />
    public string Source => "binance";

    /// <inheritdoc />
    public string Endpoint => "/orderbook";

    /// <inheritdoc />
    public Task<OrderBook?> FetchAsync(string symbol, CancellationToken cancellationToken) => Task.FromResult(replay.Book(symbol));
}
