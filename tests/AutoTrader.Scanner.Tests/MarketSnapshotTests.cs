using System.Diagnostics;
using AutoTrader.Scanner.Market;
using AutoTrader.Scanner.Scoring;
using Microsoft.Extensions.Time.Testing;

namespace AutoTrader.Scanner.Tests;

public sealed class MarketSnapshotTests
{
    private static readonly MarketSnapshot Snapshot = MarketSnapshot.LoadEmbedded();

    [Fact]
    public void The_shipped_snapshot_is_labelled_synthetic_and_covers_large_and_small_caps()
    {
        Assert.True(Snapshot.Synthetic);
        Assert.True(Snapshot.Tokens.Count >= 20);
        var symbols = Snapshot.Tokens.Select(t => t.Symbol).ToList();
        Assert.Contains("BTC", symbols);
        Assert.Contains("ETH", symbols);
        Assert.Contains("SOL", symbols);
        Assert.Contains(Snapshot.Tokens, t => t.MarketCapUsd < 10_000_000);
        Assert.Equal(symbols.Count, symbols.Distinct().Count());
    }

    [Fact]
    public void The_shipped_snapshot_is_exactly_what_its_seeded_generator_writes()
    {
        var root = FindRoot();
        var info = new ProcessStartInfo("python3", [Path.Combine(root, "scripts", "generate_market_snapshot.py")]) { RedirectStandardOutput = true };
        using var python = Process.Start(info)!;
        var generated = python.StandardOutput.ReadToEnd();
        python.WaitForExit();

        Assert.Equal(0, python.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(root, "src", "AutoTrader.Scanner", "Data", "market-snapshot.json")).TrimEnd(), generated.TrimEnd());
    }

    [Fact]
    public void Replay_is_deterministic_and_moves_prices_over_time()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var a = new SnapshotReplay(Snapshot, clock);
        var b = new SnapshotReplay(Snapshot, clock);

        var first = a.Quote("BTC")!;
        Assert.Equal(first.PriceUsd, b.Quote("BTC")!.PriceUsd);
        clock.Advance(TimeSpan.FromSeconds(75));
        Assert.NotEqual(first.PriceUsd, a.Quote("BTC")!.PriceUsd);
        Assert.InRange(a.Quote("BTC")!.PriceUsd, 64000 * 0.95, 64000 * 1.05);
        Assert.Null(a.Quote("NOPE"));
    }

    [Fact]
    public void Prices_frozen_at_an_instant_stay_put_while_timestamps_follow_the_clock()
    {
        var frozenAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var early = new FakeTimeProvider(frozenAt.AddDays(3));
        var late = new FakeTimeProvider(frozenAt.AddDays(3).AddSeconds(75));
        var a = new SnapshotReplay(Snapshot, early, frozenAt);
        var b = new SnapshotReplay(Snapshot, late, frozenAt);
        var moving = new SnapshotReplay(Snapshot, new FakeTimeProvider(frozenAt));

        Assert.Equal(a.Quote("BTC")!.PriceUsd, b.Quote("BTC")!.PriceUsd);
        Assert.Equal(moving.Quote("BTC")!.PriceUsd, a.Quote("BTC")!.PriceUsd);
        Assert.Equal(a.Book("ETH")!.MidPrice, b.Book("ETH")!.MidPrice);
        Assert.Equal(late.GetUtcNow(), b.Quote("BTC")!.LastUpdated);
        Assert.Equal(late.GetUtcNow(), b.Book("ETH")!.Timestamp);
    }

    [Fact]
    public void Replayed_order_books_have_the_snapshot_depth_and_spread()
    {
        var replay = new SnapshotReplay(Snapshot, new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000)));
        foreach (var token in Snapshot.Tokens)
        {
            var book = replay.Book(token.Symbol)!;
            Assert.Equal(token.SpreadBps, Assert.NotNull(book.SpreadBps), 3);
            Assert.Equal(token.OrderBookDepthUsd, book.DepthUsd(FeatureExtractor.DepthBand), token.OrderBookDepthUsd * 1e-6);
        }
    }

    [Fact]
    public void Large_caps_score_above_micro_caps_and_micro_caps_are_flagged()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var replay = new SnapshotReplay(Snapshot, clock);
        TokenScore ScoreOf(string s) => GemScoreCalculator.Score(FeatureExtractor.Extract(replay.Quote(s), replay.Book(s), clock.GetUtcNow()));

        Assert.True(ScoreOf("BTC").GemScore > ScoreOf("MOON").GemScore);
        Assert.Contains(ScoreOf("MOON").Flags, f => f.Name == "low_liquidity");
        Assert.DoesNotContain(ScoreOf("BTC").Flags, f => f.Name == "low_liquidity");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AutoTrader.Observability.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
