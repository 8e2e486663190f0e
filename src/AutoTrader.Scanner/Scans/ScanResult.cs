using AutoTrader.Scanner.Market;
using AutoTrader.Scanner.Scoring;

namespace AutoTrader.Scanner.Scans;

/// <summary>The outcome of one scan.</summary>
/// <param name="Symbol">The symbol as scanned (upper case), or the raw input when it was invalid.</param>
/// <param name="Status"><c>success</c> or <c>failure</c>, the <c>status</c> label.</param>
/// <param name="Score">GemScore, confidence and flags; null on failure.</param>
/// <param name="Quote">Market data, when its source answered.</param>
/// <param name="Book">Order book, when its source answered.</param>
/// <param name="Degraded">One source failed and the score rests on the other.</param>
/// <param name="ErrorType">On failure, the <c>error_type</c> label.</param>
/// <param name="ErrorMessage">On failure or degradation, what went wrong.</param>
/// <param name="DurationSeconds">Wall time of the scan.</param>
/// <param name="TraceId">The W3C trace id the scan ran under: its request's, sampled or not, or its own span's when that was sampled; null otherwise.</param>
public sealed record ScanResult(
    string Symbol,
    string Status,
    TokenScore? Score,
    MarketQuote? Quote,
    OrderBook? Book,
    bool Degraded,
    string? ErrorType,
    string? ErrorMessage,
    double DurationSeconds,
    string? TraceId)
{
    /// <summary>The <see cref="Status"/> of a scan that produced a score.</summary>
    public const string Success = "success";

    /// <summary>The <see cref="Status"/> of a scan that did not.</summary>
    public const string Failure = "failure";

    /// <summary>What the LLM (or the local template) wrote about the scan, when it was asked.</summary>
    public string? Narrative { get; init; }

    /// <summary>True when <see cref="Status"/> is <c>success</c>.</summary>
    public bool Succeeded => Status == Success;
}
