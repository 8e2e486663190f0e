namespace AutoTrader.Scanner.Scoring;

/// <summary>
/// GemScore (0-100), confidence (0-1) and flags from a token's features; the formula is documented
/// in <c>docs/scanner.md</c> and every constant here is named there.
/// </summary>
public static class GemScoreCalculator
{
    /// <summary>Component weights, summing to 1.</summary>
    public static readonly IReadOnlyDictionary<string, double> Weights = new Dictionary<string, double>
    {
        ["liquidity"] = 0.30,
        ["turnover"] = 0.25,
        ["momentum"] = 0.20,
        ["spread"] = 0.15,
        ["stability"] = 0.10,
    };

    /// <summary>Depth below which <c>low_liquidity</c> is flagged.</summary>
    public const double LowLiquidityUsd = 100_000;

    /// <summary>Volatility above which <c>extreme_volatility</c> is flagged.</summary>
    public const double ExtremeVolatility = 0.15;

    /// <summary>Data age above which <c>stale_data</c> is flagged.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);

    /// <summary>GemScore below which <c>high_risk</c> is flagged.</summary>
    public const double HighRiskBelow = 30;

    /// <summary>
    /// Scores <paramref name="features"/>; a missing input scores 0 and lowers the confidence, and so
    /// does one that is not finite. Every component, the GemScore and the confidence are finite
    /// and within their ranges for any input.
    /// </summary>
    public static TokenScore Score(TokenFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var f = features with
        {
            DepthUsd = Usable(features.DepthUsd),
            VolumeToMarketCap = Usable(features.VolumeToMarketCap),
            PriceChange24hPct = Usable(features.PriceChange24hPct),
            SpreadBps = Usable(features.SpreadBps),
            Volatility = Usable(features.Volatility),
            MarketPriceUsd = Usable(features.MarketPriceUsd),
            BookMidUsd = Usable(features.BookMidUsd),
        };
        var components = new Dictionary<string, double>
        {
            // 10^7 USD of depth within 2 % scores 1; each factor of 10 less loses 1/7.
            ["liquidity"] = f.DepthUsd is { } depth ? Clamp(Math.Log10(Math.Max(depth, 1)) / 7) : 0,
            // A quarter of the market cap traded in 24 h scores 1.
            ["turnover"] = f.VolumeToMarketCap is { } turnover ? Clamp(turnover / 0.25) : 0,
            // -20 % in 24 h scores 0, +20 % scores 1.
            ["momentum"] = f.PriceChange24hPct is { } change ? Clamp((change + 20) / 40) : 0,
            // A spread of 100 bps or more scores 0.
            ["spread"] = f.SpreadBps is { } spread ? Clamp(1 - (spread / 100)) : 0,
            // A 15 % move in 24 h or more scores 0.
            ["stability"] = f.Volatility is { } vol ? Clamp(1 - (vol / ExtremeVolatility)) : 0,
        };
        var gemScore = Math.Round(100 * components.Sum(c => Weights[c.Key] * c.Value), 2);
        var confidence = Math.Round(Completeness(f) * Freshness(f.DataAge) * Agreement(f), 4);
        return new TokenScore(gemScore, confidence, components, Flags(f, gemScore));
    }

    /// <summary>Share of the five inputs present.</summary>
    private static double Completeness(TokenFeatures f) =>
        new[] { f.DepthUsd, f.VolumeToMarketCap, f.PriceChange24hPct, f.SpreadBps, f.Volatility }.Count(v => v is not null) / 5.0;

    /// <summary>1 up to one minute old, falling linearly to 0.5 at ten minutes, 0.5 after.</summary>
    private static double Freshness(TimeSpan age) =>
        age <= TimeSpan.FromMinutes(1) ? 1 : Math.Max(0.5, 1 - (0.5 * (age.TotalMinutes - 1) / 9));

    /// <summary>1 when both sources agree on the price, falling to 0.5 at a 2 % disagreement.</summary>
    private static double Agreement(TokenFeatures f)
    {
        if (f.MarketPriceUsd is not { } market || f.BookMidUsd is not { } mid || market <= 0)
        {
            return 0.75; // one source alone cannot be cross-checked
        }

        return 1 - (0.5 * Clamp(Math.Abs(market - mid) / market / 0.02));
    }

    private static List<ScanFlag> Flags(TokenFeatures f, double gemScore)
    {
        var flags = new List<ScanFlag>();
        if (f.DepthUsd is { } depth && depth < LowLiquidityUsd)
        {
            flags.Add(new ScanFlag("low_liquidity", $"order book depth within 2% is ${depth:N0}, below ${LowLiquidityUsd:N0}"));
        }

        if (f.Volatility is { } vol && vol > ExtremeVolatility)
        {
            flags.Add(new ScanFlag("extreme_volatility", $"24h move of {vol:P1} exceeds {ExtremeVolatility:P0}"));
        }

        if (f.DataAge > StaleAfter)
        {
            flags.Add(new ScanFlag("stale_data", $"data is {f.DataAge.TotalMinutes:F1} minutes old"));
        }

        if (gemScore < HighRiskBelow || flags.Count >= 2)
        {
            flags.Add(new ScanFlag("high_risk", gemScore < HighRiskBelow ? $"GemScore {gemScore} is below {HighRiskBelow}" : "several risk flags at once"));
        }

        return flags;
    }

    private static double? Usable(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    /// <summary>Into 0..1; an overflow to infinity lands on its bound.</summary>
    private static double Clamp(double value) => Math.Clamp(value, 0, 1);
}
