using AutoTrader.Scanner.Market;
using AutoTrader.Scanner.Narrative;
using AutoTrader.Scanner.Pipeline;
using AutoTrader.Scanner.Scans;
using AutoTrader.Scanner.Scoring;
using AutoTrader.Scanner.Sources;

namespace AutoTrader.Scanner.Tests.Hostile;

/// <summary>
/// What a value accepted from an upstream must satisfy, however hostile the upstream: each method
/// returns what is wrong with the value, or null. Derived measures and scores must be finite too.
/// </summary>
internal static class Sanity
{
    public static string? Of(MarketQuote q) =>
        q.Symbol != "BTC" ? "symbol " + q.Symbol
        : !(double.IsFinite(q.PriceUsd) && q.PriceUsd >= 0) ? "price " + q.PriceUsd
        : !(double.IsFinite(q.MarketCapUsd) && q.MarketCapUsd >= 0) ? "market cap " + q.MarketCapUsd
        : !(double.IsFinite(q.Volume24hUsd) && q.Volume24hUsd >= 0) ? "volume " + q.Volume24hUsd
        : !(double.IsFinite(q.PriceChange24hPct) && q.PriceChange24hPct >= -100) ? "change " + q.PriceChange24hPct
        : Of(FeatureExtractor.Extract(q, null, DateTimeOffset.UtcNow));

    public static string? Of(OrderBook b)
    {
        foreach (var (side, levels, descending) in new[] { ("bids", b.Bids, true), ("asks", b.Asks, false) })
        {
            if (levels.Count > BinanceDepthClient.Levels)
            {
                return $"{levels.Count} {side}";
            }

            for (var i = 0; i < levels.Count; i++)
            {
                var l = levels[i];
                if (!(double.IsFinite(l.Price) && l.Price > 0 && double.IsFinite(l.Quantity) && l.Quantity >= 0))
                {
                    return $"{side}[{i}] = {l}";
                }

                if (i > 0 && (descending ? l.Price > levels[i - 1].Price : l.Price < levels[i - 1].Price))
                {
                    return $"{side} out of order at {i}";
                }
            }
        }

        if (b.Bids.Count > 0 && b.Asks.Count > 0 && b.Bids[0].Price > b.Asks[0].Price)
        {
            return "crossed";
        }

        var depth = b.DepthUsd(FeatureExtractor.DepthBand);
        return !double.IsFinite(b.MidPrice) ? "mid " + b.MidPrice
            : b.SpreadBps is { } spread && !double.IsFinite(spread) ? "spread " + spread
            : !(double.IsFinite(depth) && depth >= 0) ? "depth " + depth
            : Of(FeatureExtractor.Extract(null, b, DateTimeOffset.UtcNow));
    }

    public static string? Of(Narrative.Narrative n) =>
        string.IsNullOrWhiteSpace(n.Text) || n.Text.Length > ChatCompletionsNarrator.MaxNarrativeChars ? $"text of {n.Text.Length} characters"
        : n.InputTokens is < 0 or > ChatCompletionsNarrator.MaxTokensPerCall || n.OutputTokens is < 0 or > ChatCompletionsNarrator.MaxTokensPerCall ? $"tokens {n.InputTokens}/{n.OutputTokens}"
        : null;

    public static string? Of(TokenFeatures f)
    {
        double?[] values = [f.DepthUsd, f.VolumeToMarketCap, f.PriceChange24hPct, f.SpreadBps, f.Volatility, f.MarketPriceUsd, f.BookMidUsd];
        return values.Any(v => v is { } x && !double.IsFinite(x)) ? "a feature that is not finite: " + f
            : f.DataAge < TimeSpan.Zero ? "negative data age"
            : Of(GemScoreCalculator.Score(f));
    }

    public static string? Of(TokenScore s) =>
        !(s.GemScore is >= 0 and <= 100) ? "GemScore " + s.GemScore
        : !(s.Confidence is >= 0 and <= 1) ? "confidence " + s.Confidence
        : s.Components.FirstOrDefault(c => !(c.Value is >= 0 and <= 1)) is { Key: not null } bad ? $"component {bad.Key} = {bad.Value}"
        : null;

    /// <summary>Every number of a scan result, score and inputs alike.</summary>
    public static string? Of(ScanResult r) =>
        !double.IsFinite(r.DurationSeconds) ? "duration " + r.DurationSeconds
        : !r.Succeeded ? (r.Score is null ? null : "a failed scan with a score")
        : r.Score is null ? "a successful scan without a score"
        : Of(r.Score) ?? (r.Quote is { } q ? Of(q) : null) ?? (r.Book is { } b ? Of(b) : null);
}
