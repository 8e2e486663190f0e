using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AutoTrader.Observability.AspNetCore.Tests;
using AutoTrader.Scanner.Tests;
using AutoTrader.Scanner.Tests.Hostile;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace AutoTrader.Cli.Tests;

/// <summary>
/// The real <c>autotrader serve</c>, live, pointed at a stub that answers every request with the
/// next of the generated hostile replies (<see cref="HostileReplies"/>) of CoinGecko, Binance and
/// the LLM, while the test scans and reads the API: the service must keep answering in JSON, count
/// the failures in a valid <c>/metrics</c>, and still be running at the end.
/// </summary>
public sealed partial class HostileUpstreamTests(ITestOutputHelper output)
{
    private const int Cap = 64 * 1024;
    private const string ApiKey = "gsk-hostile-e2e-key";

    [Fact]
    public async Task Serve_keeps_answering_and_counting_while_every_upstream_answers_every_hostile_reply()
    {
        var promtool = ExternalTool.Find("promtool", output);
        await using var stub = await ApiStub.StartAsync();
        var upstreams = new Dictionary<string, Cycle>
        {
            [RealReplies.CoinGeckoMarketsPath] = new(HostileReplies.CoinGeckoMarkets(Cap)),
            [RealReplies.BinanceDepthPath] = new(HostileReplies.BinanceDepth(Cap)),
            [RealReplies.ChatCompletionsPath] = new(HostileReplies.ChatCompletions(Cap)),
        };
        foreach (var (path, cycle) in upstreams)
        {
            stub.Replies[path] = cycle.WriteAsync;
        }

        using var config = new TempYamlFile(
            $$"""
            scanner:
              watchlist: [BTC]
              scan_interval_seconds: 86400
              coingecko: { timeout_seconds: 2, cache_ttl_seconds: 0, max_response_bytes: {{Cap}} }
              binance: { timeout_seconds: 2, cache_ttl_seconds: 0, max_response_bytes: {{Cap}} }
              circuit_breaker: { minimum_throughput: 1000000 }   # never opens: every reply reaches a client
              llm:
                provider: groq
                base_url: "{{stub.BaseAddress}}"
                api_key: "{{ApiKey}}"
                timeout_seconds: 2
                max_response_bytes: {{Cap}}
            """);
        int apiPort = FreePort.Next(), metricsPort = FreePort.Next();
        using var serve = AutotraderProcess.Start(
            ["serve", "--scanner-config", config.Path, "--api-port", apiPort.ToString(CultureInfo.InvariantCulture), "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string?>
            {
                ["SCANNER_MODE"] = "live",
                ["COINGECKO_BASE_URL"] = stub.BaseAddress.ToString(),
                ["BINANCE_BASE_URL"] = stub.BaseAddress.ToString(),
            });
        Assert.True(serve.WaitForOutput("serve_started", TimeSpan.FromSeconds(30)), "serve did not start: " + serve.Stdout + serve.Stderr);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/"), Timeout = TimeSpan.FromSeconds(20) };
        var problems = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var enough = new CancellationTokenSource(TimeSpan.FromSeconds(40));

        // Four scanners and a reader until every reply of every upstream has been served once (or
        // the time is up, which the assertions below then report).
        var scans = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!enough.IsCancellationRequested && upstreams.Values.Any(c => !c.ServedAll))
            {
                await CheckAnswerAsync(await http.PostAsync("api/scan/BTC", null), stub, problems);
            }
        }));
        var reads = Task.Run(async () =>
        {
            while (!enough.IsCancellationRequested && upstreams.Values.Any(c => !c.ServedAll))
            {
                var tokens = await http.GetAsync("api/tokens");
                if (tokens.StatusCode != HttpStatusCode.OK || JsonDocument.Parse(await tokens.Content.ReadAsStringAsync()).RootElement.ValueKind != JsonValueKind.Array)
                {
                    problems.Enqueue($"GET /api/tokens answered {(int)tokens.StatusCode}");
                }
            }
        });
        await Task.WhenAll([.. scans, reads]);

        Assert.All(upstreams, u => Assert.True(u.Value.ServedAll, $"{u.Key}: {u.Value.Served} of {u.Value.Count} replies served in 40 s"));
        Assert.True(problems.IsEmpty, string.Join('\n', problems.Take(20)));
        Assert.False(serve.HasExited, "serve died: " + serve.Stderr);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("health")).StatusCode);

        var page = await new HttpClient().GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
        if (promtool is not null)
        {
            var (exitCode, stdout, stderr) = ExternalTool.Run(promtool, ["check", "metrics"], page);
            Assert.True(exitCode == 0, $"promtool exit {exitCode}:\n{stdout}{stderr}");
        }

        foreach (var (source, endpoint) in new[] { ("coingecko", "/coins/markets"), ("binance", "/orderbook") })
        {
            var errors = Series(page, "data_source_errors_total", source, endpoint);
            Assert.Equal(errors.Values.Sum(), Series(page, "data_source_requests_total", source, endpoint).GetValueOrDefault("failure"));
            foreach (var type in new[] { "malformed_response", "response_too_large", "http_error", "rate_limited", "timeout" })
            {
                Assert.True(errors.GetValueOrDefault(type) > 0, $"{source}: no {type} counted among {string.Join(", ", errors)}");
            }

            Assert.DoesNotContain("unexpected_error", errors.Keys);
        }

        Assert.Matches(@"\nllm_requests_total\{[^}]*status=""failure""[^}]*\} [1-9]", page);

        Assert.True(serve.Terminate(TimeSpan.FromSeconds(15)), "serve did not stop on SIGTERM");
        Assert.Equal(0, serve.ExitCode);
        Assert.All(serve.StdoutLines, line => JsonDocument.Parse(line));
        Assert.DoesNotContain(ApiKey, serve.Stdout + serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("symbols=btc", serve.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A scan answers 200 with a score, 404 or 502 with a JSON error that gives no URL or key away; never anything else.</summary>
    private static async Task CheckAnswerAsync(HttpResponseMessage answer, ApiStub stub, System.Collections.Concurrent.ConcurrentQueue<string> problems)
    {
        var body = await answer.Content.ReadAsStringAsync();
        JsonElement json;
        try
        {
            json = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            problems.Enqueue($"POST /api/scan/BTC answered {(int)answer.StatusCode} with a body that is not JSON: {body}");
            return;
        }

        var fine = answer.StatusCode switch
        {
            HttpStatusCode.OK => json.GetProperty("gem_score").GetDouble() is >= 0 and <= 100 && json.GetProperty("confidence").GetDouble() is >= 0 and <= 1,
            HttpStatusCode.NotFound or HttpStatusCode.BadGateway => json.GetProperty("error").ValueKind == JsonValueKind.String
                && json.GetProperty("message").GetString() is { } message
                && !message.Contains(stub.BaseAddress.Authority, StringComparison.Ordinal) && !message.Contains(ApiKey, StringComparison.Ordinal) && !message.Contains("symbols=", StringComparison.Ordinal) && !message.Contains("symbol=", StringComparison.Ordinal),
            _ => false,
        };
        if (!fine)
        {
            problems.Enqueue($"POST /api/scan/BTC answered {(int)answer.StatusCode}: {body}");
        }
    }

    /// <summary>The values of one family for one source endpoint, by their third label (<c>error_type</c> or <c>status</c>).</summary>
    private static Dictionary<string, double> Series(string page, string family, string source, string endpoint) =>
        SeriesLine().Matches(page)
            .Where(m => m.Groups["family"].Value == family && m.Groups["labels"].Value.Contains($"source=\"{source}\"", StringComparison.Ordinal)
                && m.Groups["labels"].Value.Contains($"endpoint=\"{endpoint}\"", StringComparison.Ordinal))
            .ToDictionary(
                m => LabelValue().Match(m.Groups["labels"].Value).Groups[1].Value,
                m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"(?m)^(?<family>\w+)\{(?<labels>[^}]*)\} (?<value>\S+)$")]
    private static partial Regex SeriesLine();

    [GeneratedRegex(@"(?:error_type|status)=""([^""]*)""")]
    private static partial Regex LabelValue();

    /// <summary>Serves a list of replies in turn, round and round, counting how many it served.</summary>
    private sealed class Cycle(IReadOnlyList<HostileReply> replies)
    {
        private int _served;

        public int Count => replies.Count;

        public int Served => Volatile.Read(ref _served);

        public bool ServedAll => Served >= replies.Count;

        public Task WriteAsync(HttpContext context) => replies[(Interlocked.Increment(ref _served) - 1) % replies.Count].WriteAsync(context);
    }
}
