using AutoTrader.Scanner.Scoring;

namespace AutoTrader.Scanner.Tests;

public sealed class GemScoreCalculatorTests
{
    private static readonly TokenFeatures Healthy = new(
        DepthUsd: 1_000_000,          // log10 = 6 → 6/7
        VolumeToMarketCap: 0.125,     // → 0.5
        PriceChange24hPct: 10,        // → 0.75
        SpreadBps: 20,                // → 0.8
        Volatility: 0.10,             // → 1/3
        MarketPriceUsd: 100,
        BookMidUsd: 101,              // 1 % apart → agreement 0.75
        DataAge: TimeSpan.FromSeconds(30));

    [Fact]
    public void The_weighted_components_give_the_documented_score()
    {
        var score = GemScoreCalculator.Score(Healthy);

        // 100 × (0.30·6/7 + 0.25·0.5 + 0.20·0.75 + 0.15·0.8 + 0.10·1/3) = 68.547…
        Assert.Equal(68.55, score.GemScore);
        Assert.Equal(6.0 / 7, score.Components["liquidity"], 6);
        Assert.Equal(0.5, score.Components["turnover"], 6);
        Assert.Equal(0.75, score.Components["momentum"], 6);
        Assert.Equal(0.8, score.Components["spread"], 6);
        Assert.Equal(1.0 / 3, score.Components["stability"], 6);
        Assert.Empty(score.Flags);
    }

    [Fact]
    public void Confidence_multiplies_completeness_freshness_and_agreement()
    {
        Assert.Equal(0.75, GemScoreCalculator.Score(Healthy).Confidence);

        var bookMissingAndOld = Healthy with { DepthUsd = null, SpreadBps = null, BookMidUsd = null, DataAge = TimeSpan.FromMinutes(5.5) };

        // completeness 3/5 × freshness (1 − 0.5·4.5/9 = 0.75) × single-source agreement 0.75
        Assert.Equal(0.3375, GemScoreCalculator.Score(bookMissingAndOld).Confidence);
    }

    [Fact]
    public void Scores_stay_within_their_ranges_at_the_extremes()
    {
        var best = new TokenFeatures(1e12, 5, 500, 0, 0, 1, 1, TimeSpan.Zero);
        var worst = new TokenFeatures(0, 0, -100, 10_000, 5, 1, 2, TimeSpan.FromDays(1));
        var nothing = new TokenFeatures(null, null, null, null, null, null, null, TimeSpan.Zero);

        Assert.Equal(100, GemScoreCalculator.Score(best).GemScore);
        Assert.Equal(1, GemScoreCalculator.Score(best).Confidence);
        Assert.Equal(0, GemScoreCalculator.Score(worst).GemScore);
        Assert.InRange(GemScoreCalculator.Score(worst).Confidence, 0, 1);
        Assert.Equal(0, GemScoreCalculator.Score(nothing).Confidence);
    }

    [Fact]
    public void Thin_volatile_stale_tokens_get_every_flag_with_a_reason()
    {
        var risky = Healthy with { DepthUsd = 50_000, Volatility = 0.4, DataAge = TimeSpan.FromMinutes(6) };

        var flags = GemScoreCalculator.Score(risky).Flags;

        Assert.Equal(["low_liquidity", "extreme_volatility", "stale_data", "high_risk"], flags.Select(f => f.Name));
        Assert.Contains("50,000", flags[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_low_score_alone_is_high_risk()
    {
        var weak = new TokenFeatures(1_000, 0.001, -15, 80, 0.02, 1, 1, TimeSpan.Zero);

        var score = GemScoreCalculator.Score(weak);

        Assert.True(score.GemScore < GemScoreCalculator.HighRiskBelow);
        Assert.Contains(score.Flags, f => f.Name == "high_risk");
    }

    [Fact]
    public void The_weights_sum_to_one()
    {
        Assert.Equal(1.0, GemScoreCalculator.Weights.Values.Sum(), 10);
    }
}
