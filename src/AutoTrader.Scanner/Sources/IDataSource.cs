namespace AutoTrader.Scanner.Sources;

/// <summary>
/// One endpoint of one external source, such as CoinGecko's <c>/coins/markets</c>: the unit that
/// has its own cache, circuit breaker and <c>{source, endpoint}</c> metric labels.
/// </summary>
/// <typeparam name="T">What the endpoint returns for a symbol.</typeparam>
public interface IDataSource<T>
    where T : class
{
    /// <summary>The <c>source</c> label, such as <c>coingecko</c>.</summary>
    string Source { get; }

    /// <summary>The <c>endpoint</c> label, such as <c>/coins/markets</c>.</summary>
    string Endpoint { get; }

    /// <summary>The value for <paramref name="symbol"/>, or null when the source does not know it.</summary>
    /// <exception cref="DataSourceException">The call failed.</exception>
    Task<T?> FetchAsync(string symbol, CancellationToken cancellationToken);
}
