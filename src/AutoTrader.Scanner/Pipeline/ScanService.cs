using AutoTrader.Scanner.Narrative;
using AutoTrader.Scanner.Scans;

namespace AutoTrader.Scanner.Pipeline;

/// <summary>
/// A scan from start to finish, the same for the API, the background loop and the <c>scan</c>
/// command: the token is scanned, the result narrated (when asked), and a successful result kept in
/// the store that the API serves.
/// </summary>
/// <param name="scanner">Scans a token.</param>
/// <param name="narrator">Adds the narrative.</param>
/// <param name="store">Keeps the latest successful scan of each token.</param>
public sealed class ScanService(TokenScanner scanner, ObservedNarrator narrator, ScanResultStore store)
{
    /// <summary>Scans <paramref name="symbol"/>; failures are returned, not thrown (cancellation is thrown).</summary>
    /// <param name="symbol">The token symbol, as typed.</param>
    /// <param name="narrate">Whether the result gets a narrative.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    public async Task<ScanResult> ScanAsync(string symbol, bool narrate, CancellationToken cancellationToken)
    {
        var result = await scanner.ScanAsync(symbol, cancellationToken).ConfigureAwait(false);
        if (narrate)
        {
            result = await narrator.AddNarrativeAsync(result, cancellationToken).ConfigureAwait(false);
        }

        store.Record(result);
        return result;
    }
}
