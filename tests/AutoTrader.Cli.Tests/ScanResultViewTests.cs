using System.Text.Json;
using AutoTrader.Cli.Api;
using AutoTrader.Observability.Tests;
using AutoTrader.Scanner.Market;
using AutoTrader.Scanner.Scans;
using AutoTrader.Scanner.Scoring;

namespace AutoTrader.Cli.Tests;

/// <summary>The one JSON view of a scan result, as the API answers it and as <c>scan --json</c> prints it.</summary>
public sealed class ScanResultViewTests
{
    private static readonly TokenScore Score = new(61.5, 0.75, new Dictionary<string, double> { ["liquidity"] = 0.4 }, [new ScanFlag("low_liquidity", "thin book")]);
    private static readonly MarketQuote Quote = new("MOON", "Moon", 0.0042, 1e6, 2e5, 12.5, DateTimeOffset.UnixEpoch);

    [Fact]
    public void The_api_answers_a_token_with_the_fields_the_load_harness_peer_answers_in_the_same_order()
    {
        // bench/AutoTrader.PeerStack serves a snapshot of GET /api/tokens as the peer of the overhead
        // comparison: the API's answer must keep its shape.
        var peer = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "bench", "AutoTrader.PeerStack", "tokens.json"))).RootElement
            .EnumerateArray().First(token => token.GetProperty("flags").GetArrayLength() > 0);
        var degraded = new ScanResult("MOON", ScanResult.Success, Score, Quote, null, true, null, "binance /orderbook timed out", 0.25, null) { Narrative = "MOON looks middling." };

        var view = JsonSerializer.SerializeToElement(ScanResultView.Of(degraded));

        Assert.Equal(Names(peer), Names(view));
        Assert.Equal(Names(peer.GetProperty("flags")[0]), Names(view.GetProperty("flags")[0]));
        Assert.Equal(JsonValueKind.Null, view.GetProperty("trace_id").ValueKind);
    }

    [Fact]
    public void Scan_json_adds_how_each_scan_ended_after_the_api_fields()
    {
        var failed = new ScanResult("ZZZ", ScanResult.Failure, null, null, null, false, "not_found", "no source knows ZZZ", 0.5, "0af7651916cd43dd8448eb211c80319c");
        var succeeded = new ScanResult("MOON", ScanResult.Success, Score, Quote, null, false, null, null, 0.25, null);

        var failure = JsonSerializer.SerializeToElement(ScanResultView.WithOutcome(failed));
        var success = JsonSerializer.SerializeToElement(ScanResultView.WithOutcome(succeeded));

        var apiFields = Names(JsonSerializer.SerializeToElement(ScanResultView.Of(succeeded)));
        Assert.Equal([.. apiFields, "status", "error_type", "error_message", "duration_seconds"], Names(failure));
        Assert.Equal("failure", failure.GetProperty("status").GetString());
        Assert.Equal("not_found", failure.GetProperty("error_type").GetString());
        Assert.Equal("no source knows ZZZ", failure.GetProperty("error_message").GetString());
        Assert.Equal(JsonValueKind.Null, failure.GetProperty("gem_score").ValueKind);
        Assert.Equal([.. apiFields, "status", "duration_seconds"], Names(success));
        Assert.Equal(0.25, success.GetProperty("duration_seconds").GetDouble());
    }

    private static List<string> Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
