using System.Collections.Concurrent;
using AutoTrader.Scanner.Scans;

namespace AutoTrader.Scanner.Pipeline;

/// <summary>The latest successful scan of each token, as the API serves it; bounded so that scans of many symbols cannot grow it.</summary>
public sealed class ScanResultStore
{
    private const int Capacity = 1024;
    private readonly ConcurrentDictionary<string, ScanResult> _latest = new(StringComparer.Ordinal);

    /// <summary>Every stored result, by symbol.</summary>
    public IReadOnlyList<ScanResult> All => [.. _latest.Values.OrderBy(r => r.Symbol, StringComparer.Ordinal)];

    /// <summary>Keeps <paramref name="result"/> when it succeeded.</summary>
    public void Record(ScanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Succeeded && (_latest.Count < Capacity || _latest.ContainsKey(result.Symbol)))
        {
            _latest[result.Symbol] = result;
        }
    }

    /// <summary>The latest result of <paramref name="symbol"/>, or null.</summary>
    public ScanResult? Find(string symbol) => _latest.GetValueOrDefault(symbol);
}
