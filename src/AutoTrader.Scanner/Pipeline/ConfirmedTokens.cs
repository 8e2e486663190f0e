using System.Collections.Concurrent;

namespace AutoTrader.Scanner.Pipeline;

/// <summary>
/// The tokens whose symbol may be a <c>token_symbol</c> label value: the watchlist, and every symbol
/// a source has confirmed by answering for it. Any other symbol is recorded under
/// <see cref="UnknownLabel"/>, so that requests for made-up symbols cannot spend the metrics' label
/// budget nor make an alert of their own.
/// </summary>
internal sealed class ConfirmedTokens
{
    /// <summary>The <c>token_symbol</c> of a scan of a symbol no source has confirmed.</summary>
    public const string UnknownLabel = "unknown";

    // Bounds the memory, not the series: past it, a newly confirmed token is still labelled by its
    // scan's success, and the metrics' cardinality guard decides what folds.
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, byte> _confirmed = new(StringComparer.Ordinal);

    public ConfirmedTokens(IEnumerable<string> watchlist)
    {
        foreach (var token in watchlist)
        {
            _confirmed.TryAdd(token.Trim().ToUpperInvariant(), 0);
        }
    }

    /// <summary>Records that a source answered for <paramref name="token"/>.</summary>
    public void Confirm(string token)
    {
        if (_confirmed.Count < Capacity)
        {
            _confirmed.TryAdd(token, 0);
        }
    }

    /// <summary>The label of <paramref name="token"/>: itself once confirmed, <see cref="UnknownLabel"/> until then.</summary>
    public string LabelOf(string token) => _confirmed.ContainsKey(token) ? token : UnknownLabel;
}
