using AutoTrader.Scanner.Scans;

namespace AutoTrader.Scanner.Narrative;

/// <summary>Writes a short narrative of a successful scan.</summary>
public interface INarrator
{
    /// <summary>The <c>provider</c> label.</summary>
    string Provider { get; }

    /// <summary>The <c>model</c> label.</summary>
    string Model { get; }

    /// <summary>Writes the narrative of <paramref name="scan"/>.</summary>
    /// <exception cref="Sources.DataSourceException">The provider failed; its <c>ErrorType</c> tells how.</exception>
    Task<Narrative> NarrateAsync(ScanResult scan, CancellationToken cancellationToken);
}
