namespace AutoTrader.Scanner.Sources;

/// <summary>
/// Makes a source fail on purpose, from configuration, so that breaker trips, recoveries and the
/// alerts can be seen without a real outage: a share of calls fails, and every call can be slowed.
/// </summary>
/// <param name="inner">The source to disturb.</param>
/// <param name="errorRate">Share of calls (0..1) that fail with <c>injected_fault</c>.</param>
/// <param name="latency">Delay added to every call.</param>
/// <param name="random">Source of randomness; seed it for reproducible runs.</param>
public sealed class FaultInjectingSource<T>(IDataSource<T> inner, double errorRate, TimeSpan latency, Random random) : IDataSource<T>
    where T : class
{
    /// <inheritdoc />
    public string Source => inner.Source;

    /// <inheritdoc />
    public string Endpoint => inner.Endpoint;

    /// <inheritdoc />
    public async Task<T?> FetchAsync(string symbol, CancellationToken cancellationToken)
    {
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, cancellationToken).ConfigureAwait(false);
        }

        bool fail;
        lock (random)
        {
            fail = random.NextDouble() < errorRate;
        }

        return fail
            ? throw new DataSourceException("injected_fault", $"{Source} {Endpoint}: fault injected by configuration (error rate {errorRate:P0})")
            : await inner.FetchAsync(symbol, cancellationToken).ConfigureAwait(false);
    }
}
