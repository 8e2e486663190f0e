using AutoTrader.Scanner.Market;
using AutoTrader.Scanner.Scoring;
using AutoTrader.Scanner.Tests.Hostile;

namespace AutoTrader.Scanner.Tests;

/// <summary>Finite but extreme inputs never give NaN or infinity in a measure, a feature or a score.</summary>
public sealed class ExtremeInputTests
{
    private const double Max = double.MaxValue;
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private static OrderBook Book(OrderBookLevel[] bids, OrderBookLevel[] asks) => new("X", bids, asks, Now);

    [Fact]
    public void A_book_with_an_empty_side_has_no_mid_no_spread_and_no_depth()
    {
        var book = Book([new(100, 1)], []);

        Assert.Equal(0, book.MidPrice);
        Assert.Null(book.SpreadBps);
        Assert.Equal(0, book.DepthUsd(FeatureExtractor.DepthBand));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-5, 3)]
    [InlineData(-5, -3)]
    [InlineData(-5, 10)]
    public void A_book_whose_best_prices_are_not_both_positive_has_no_spread_and_no_depth(double bid, double ask)
    {
        var book = Book([new(bid, 1)], [new(ask, 1)]);

        Assert.Null(book.SpreadBps);
        Assert.Equal(0, book.DepthUsd(FeatureExtractor.DepthBand));
    }

    [Fact]
    public void Prices_near_the_largest_double_give_a_finite_mid_and_spread()
    {
        var book = Book([new(Max, 1)], [new(Max, 1)]);

        Assert.Equal(Max, book.MidPrice);
        Assert.Equal(0, book.SpreadBps);
    }

    [Fact]
    public void Notional_past_the_largest_double_saturates_there()
    {
        var book = Book([new(1e300, 1e300), new(0.999e300, Max)], [new(1.001e300, 1e308)]);

        Assert.Equal(Max, book.DepthUsd(FeatureExtractor.DepthBand));
    }

    [Fact]
    public void Levels_with_a_negative_quantity_add_no_depth()
    {
        var book = Book([new(100, -1e308), new(99.9, 2)], [new(100.1, 1)]);

        Assert.Equal((99.9 * 2) + 100.1, book.DepthUsd(FeatureExtractor.DepthBand), 9);
    }

    [Fact]
    public void Subnormal_prices_give_a_finite_spread()
    {
        var book = Book([new(double.Epsilon, 1)], [new(2 * double.Epsilon, 1)]);

        Assert.True(book.SpreadBps is { } spread && double.IsFinite(spread), $"spread {book.SpreadBps}");
    }

    [Fact]
    public void A_turnover_ratio_past_the_largest_double_saturates_and_scores_finite()
    {
        var quote = new MarketQuote("X", "X", 1, double.Epsilon, Max, 0, Now);

        var features = FeatureExtractor.Extract(quote, null, Now);

        Assert.Equal(Max, features.VolumeToMarketCap);
        Assert.Null(Sanity.Of(features));
        Assert.Equal(1, GemScoreCalculator.Score(features).Components["turnover"]);
    }

    [Fact]
    public void A_zero_market_cap_leaves_turnover_missing()
    {
        Assert.Null(FeatureExtractor.Extract(new MarketQuote("X", "X", 1, 0, 1e9, 0, Now), null, Now).VolumeToMarketCap);
    }

    [Fact]
    public void Inputs_from_the_future_are_not_negatively_old()
    {
        var features = FeatureExtractor.Extract(new MarketQuote("X", "X", 1, 1, 1, 0, DateTimeOffset.MaxValue), null, Now);

        Assert.Equal(TimeSpan.Zero, features.DataAge);
    }

    [Fact]
    public void An_empty_book_and_a_degenerate_quote_give_finite_features_and_a_finite_score()
    {
        var features = FeatureExtractor.Extract(new MarketQuote("X", "X", 0, 0, 0, -100, DateTimeOffset.MinValue), Book([], []), Now);

        Assert.Equal(0, features.DepthUsd);
        Assert.Null(features.SpreadBps);
        Assert.Null(features.BookMidUsd);
        Assert.Null(Sanity.Of(features));
    }

    public static TheoryData<TokenFeatures> Extremes() =>
    [
        new(Max, Max, Max, Max, Max, Max, Max, TimeSpan.MaxValue),
        new(-Max, -Max, -Max, -Max, -Max, -Max, -Max, TimeSpan.MinValue),
        new(Max, Max, -Max, -Max, Max, double.Epsilon, Max, TimeSpan.Zero),
        new(double.Epsilon, double.Epsilon, double.Epsilon, double.Epsilon, double.Epsilon, double.Epsilon, -Max, TimeSpan.FromTicks(1)),
    ];

    [Theory]
    [MemberData(nameof(Extremes))]
    public void Extreme_finite_features_score_within_range(TokenFeatures features)
    {
        Assert.Null(Sanity.Of(GemScoreCalculator.Score(features)));
    }

    [Fact]
    public void Features_that_are_not_finite_count_as_missing()
    {
        var complete = new TokenFeatures(1e6, 0.1, 1, 10, 0.01, 100, 100, TimeSpan.Zero);
        var poisoned = complete with { DepthUsd = double.NaN, SpreadBps = double.PositiveInfinity, BookMidUsd = double.NegativeInfinity };

        var score = GemScoreCalculator.Score(poisoned);

        Assert.Null(Sanity.Of(score));
        Assert.Equal(GemScoreCalculator.Score(complete with { DepthUsd = null, SpreadBps = null, BookMidUsd = null }), score, ScoreComparer.Instance);
    }

    /// <summary>Records compare dictionaries by reference; scores are equal when their numbers and flags are.</summary>
    private sealed class ScoreComparer : IEqualityComparer<TokenScore>
    {
        public static readonly ScoreComparer Instance = new();

        public bool Equals(TokenScore? x, TokenScore? y) =>
            x!.GemScore == y!.GemScore && x.Confidence == y.Confidence
            && x.Components.OrderBy(c => c.Key).SequenceEqual(y.Components.OrderBy(c => c.Key))
            && x.Flags.SequenceEqual(y.Flags);

        public int GetHashCode(TokenScore obj) => obj.GemScore.GetHashCode();
    }
}
