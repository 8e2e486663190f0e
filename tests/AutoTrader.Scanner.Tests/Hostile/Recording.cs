using AutoTrader.Scanner.Narrative;
using AutoTrader.Scanner.Pipeline;
using AutoTrader.Scanner.Scans;
using AutoTrader.Scanner.Sources;

namespace AutoTrader.Scanner.Tests.Hostile;

/// <summary>What one call of a wrapped client returned or threw.</summary>
internal sealed record CallOutcome(object? Value, Exception? Error);

/// <summary>Passes calls through to a real client, keeping the outcome of the last one, so a test can tell what the layers above made of it.</summary>
internal sealed class RecordingSource<T>(IDataSource<T> inner) : IDataSource<T>
    where T : class
{
    public CallOutcome? Last { get; set; }

    public string Source => inner.Source;

    public string Endpoint => inner.Endpoint;

    public async Task<T?> FetchAsync(string symbol, CancellationToken cancellationToken)
    {
        try
        {
            var value = await inner.FetchAsync(symbol, cancellationToken);
            Last = new CallOutcome(value, null);
            return value;
        }
        catch (Exception e)
        {
            Last = new CallOutcome(null, e);
            throw;
        }
    }
}

/// <inheritdoc cref="RecordingSource{T}"/>
internal sealed class RecordingNarrator(INarrator inner) : INarrator
{
    public CallOutcome? Last { get; set; }

    public string Provider => inner.Provider;

    public string Model => inner.Model;

    public async Task<Narrative.Narrative> NarrateAsync(ScanResult scan, CancellationToken cancellationToken)
    {
        try
        {
            var value = await inner.NarrateAsync(scan, cancellationToken);
            Last = new CallOutcome(value, null);
            return value;
        }
        catch (Exception e)
        {
            Last = new CallOutcome(null, e);
            throw;
        }
    }
}
