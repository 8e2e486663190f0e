using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace AutoTrader.Scanner.Tests.Hostile;

/// <summary>
/// Generates hundreds of hostile replies per endpoint from the real reply shapes
/// (<see cref="RealReplies"/>): every field dropped, nulled, retyped or given a NaN-ish, huge,
/// negative or tiny value; error objects instead of data; deep nesting; the body truncated at every
/// byte; random bytes; bodies around the size cap; other statuses; odd encodings; slow, dribbled and
/// stalled bodies. Deterministic: the same cap gives the same list.
/// </summary>
public static class HostileReplies
{
    /// <summary>Raw JSON put in place of each field of the real reply, one variant each.</summary>
    private static readonly string[] FieldReplacements =
    [
        "null", "true", "false", "\"\"", "\"text\"", "{}", "[]", "[[]]", "{\"error\":\"oops\"}",
        "0", "-0", "-1", "1.5", "1e308", "-1e308", "1e400", "-1e400", "5e-324", "1" + new string('0', 400),
        "9223372036854775808", "-9223372036854775809",
        "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e400\"", "\"-1\"", "\"0\"", "\" 1\"", "\"0x1F\"", "\"1,5\"", "\"1e-400\"",
        "\"\\ud800\"", "\"\\u0000\"", new string('[', 40) + new string(']', 40),
    ];

    /// <summary>Statuses that are errors whatever the body says.</summary>
    private static readonly int[] ErrorStatuses = [401, 403, 404, 405, 408, 409, 410, 413, 418, 422, 451, 500, 501, 502, 503, 504, 520, 599];

    public static IReadOnlyList<HostileReply> CoinGeckoMarkets(int maxResponseBytes) =>
    [
        .. Generic(RealReplies.CoinGeckoMarkets, maxResponseBytes, badRequest: "http_error"),
        Json("an error object", """{"error":"coin not found"}""", "malformed_response"),
        Json("a rate-limit object with 200", """{"status":{"error_code":429,"error_message":"You've exceeded the Rate Limit."}}""", "malformed_response"),
        Json("no coins", "[]", Expect.Nothing),
        Json("only another coin", """[{"symbol":"eth","name":"Ethereum"}]""", Expect.Nothing),
        Json("a coin that is not an object", "[42," + RealReplies.CoinGeckoMarkets.Trim()[1..], "malformed_response"),
        Json("a coin without symbol", """[{"name":"Nameless"}]""", "malformed_response"),
        Json("btc twice", "[" + Coin() + "," + Coin() + "]", Expect.Value),
        Json("btc after two thousand other coins", "[" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"{{\"symbol\":\"x{i}\"}},")) + Coin() + "]", Expect.Value),
        Json("a negative price", "[" + Coin(price: "-1") + "]", "malformed_response"),
        Json("a negative volume", "[" + Coin(volume: "-5") + "]", "malformed_response"),
        Json("a change below -100 %", "[" + Coin(change: "-100.5") + "]", "malformed_response"),
        Json("a zero market cap", "[" + Coin(marketCap: "0") + "]", Expect.Value),
        Json("extreme but finite numbers", "[" + Coin(price: "1e-300", marketCap: "1e-300", volume: "1.7976931348623157e308", change: "1e308") + "]", Expect.Value),
        Json("a date that is no date", "[" + Coin(lastUpdated: "\"yesterday\"") + "]", "malformed_response"),
        Json("a date in year 1", "[" + Coin(lastUpdated: "\"0001-01-01T00:00:00Z\"") + "]", Expect.Value),
        Json("a date in year 9999", "[" + Coin(lastUpdated: "\"9999-12-31T23:59:59Z\"") + "]", Expect.Value),
    ];

    public static IReadOnlyList<HostileReply> BinanceDepth(int maxResponseBytes) =>
    [
        .. Generic(RealReplies.BinanceDepth, maxResponseBytes, badRequest: Expect.Nothing),
        Json("an error object with 200", RealReplies.BinanceInvalidSymbol, "malformed_response"),
        Json("empty sides", """{"lastUpdateId":1,"bids":[],"asks":[]}""", Expect.Value),
        Json("bids only", """{"lastUpdateId":1,"bids":[["1","1"]],"asks":[]}""", Expect.Value),
        Json("21 levels a side", Book(Levels(21, 100, -1), Levels(21, 101, 1)), "malformed_response"),
        Json("1000 levels a side", Book(Levels(1000, 10_000, -1), Levels(1000, 10_001, 1)), "malformed_response"),
        Json("20 levels a side", Book(Levels(20, 100, -1), Levels(20, 101, 1)), Expect.Value),
        Json("bids out of order", Book("""["1","1"],["2","1"]""", """["3","1"]"""), "malformed_response"),
        Json("asks out of order", Book("""["1","1"]""", """["3","1"],["2","1"]"""), "malformed_response"),
        Json("a crossed book", Book("""["5","1"]""", """["4","1"]"""), "malformed_response"),
        Json("a level of one element", Book("""["1"]""", """["2","1"]"""), "malformed_response"),
        Json("a level of three elements", Book("""["1","1","x"]""", """["2","1"]"""), Expect.Value),
        Json("a zero price", Book("""["0","1"]""", """["2","1"]"""), "malformed_response"),
        Json("a zero quantity", Book("""["1","0"]""", """["2","1"]"""), Expect.Value),
        Json("a negative price", Book("""["-1","1"]""", """["2","1"]"""), "malformed_response"),
        Json("a negative quantity", Book("""["1","-1"]""", """["2","1"]"""), "malformed_response"),
        Json("decimals as numbers", Book("[63990.0,2.5]", "[64010.0,1.5]"), Expect.Value),
        Json("quantities whose notional overflows", Book("""["1e300","1e300"],["0.999e300","1.7976931348623157e308"]""", """["1.001e300","1e308"]"""), Expect.Value),
        Json("prices near the largest double", Book("""["1.7976931348623157e308","1"]""", """["1.7976931348623157e308","1"]"""), Expect.Value),
        Json("subnormal prices", Book("""["5e-324","1"]""", """["1e-323","1"]"""), Expect.Value),
        Json("prices as NaN", Book("""["NaN","1"]""", """["2","1"]"""), "malformed_response"),
        Json("prices with a thousands separator", Book("""["63,990.00","1"]""", """["64010","1"]"""), "malformed_response"),
    ];

    public static IReadOnlyList<HostileReply> ChatCompletions(int maxResponseBytes) =>
    [
        .. Generic(RealReplies.ChatCompletion, maxResponseBytes, badRequest: "http_error"),
        Json("an error object with 200", """{"error":{"message":"Invalid API Key","type":"invalid_request_error","code":"invalid_api_key"}}""", "malformed_response"),
        new("an error object with 401", 401, Encoding.UTF8.GetBytes("""{"error":{"message":"Invalid API Key"}}"""), "http_error"),
        Json("content null", Completion("null"), "malformed_response"),
        Json("content empty", Completion("\"\""), "malformed_response"),
        Json("content blank", Completion("\" \\n\\t \""), "malformed_response"),
        Json("content of 4000 characters", Completion("\"" + new string('a', 4000) + "\""), Expect.Value),
        Json("content of 4001 characters", Completion("\"" + new string('a', 4001) + "\""), "malformed_response"),
        Json("content with control characters and emoji", Completion("\"BTC \\u0007 looks \\ud83d\\ude80 strong\""), Expect.Value),
        Json("a tool call instead of content", """{"choices":[{"message":{"role":"assistant","content":null,"tool_calls":[{"id":"t"}]}}],"usage":{"prompt_tokens":1,"completion_tokens":1}}""", "malformed_response"),
        Json("no choices", """{"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1}}""", "malformed_response"),
        Json("no usage", """{"choices":[{"message":{"content":"ok"}}]}""", "malformed_response"),
        Json("negative tokens", Completion("\"ok\"", promptTokens: "-1"), "malformed_response"),
        Json("fractional tokens", Completion("\"ok\"", promptTokens: "1.5"), "malformed_response"),
        Json("ten million tokens", Completion("\"ok\"", promptTokens: "10000000"), Expect.Value),
        Json("more than ten million tokens", Completion("\"ok\"", promptTokens: "10000001"), "malformed_response"),
        Json("tokens past long", Completion("\"ok\"", promptTokens: "1e400"), "malformed_response"),
    ];

    /// <summary>The variants every endpoint gets from its real reply.</summary>
    private static IEnumerable<HostileReply> Generic(string real, int maxResponseBytes, string badRequest)
    {
        var body = Encoding.UTF8.GetBytes(real);
        yield return new("the real reply", 200, body, Expect.Value);
        foreach (var reply in FieldMutations(real))
        {
            yield return reply;
        }

        foreach (var root in new[] { "null", "true", "0", "\"text\"", "{}", "[null]", "[[]]", "[{}]" })
        {
            yield return Json("a root of " + root, root, Expect.AnyTyped);
        }

        yield return Json("nesting one level deeper than the parser allows", new string('[', 33) + new string(']', 33), "malformed_response");
        yield return Json("nesting a thousand levels deep", new string('[', 1000) + new string(']', 1000), "malformed_response");
        for (var length = 0; length < body.Length; length++)
        {
            yield return new(string.Create(CultureInfo.InvariantCulture, $"truncated to {length} of {body.Length} bytes"), 200, body[..length], "malformed_response");
        }

        var random = new Random(19);
        for (var i = 0; i < 40; i++)
        {
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            yield return new(string.Create(CultureInfo.InvariantCulture, $"random bytes #{i}"), 200, bytes, "malformed_response");
        }

        var padded = Padded(body, maxResponseBytes);
        var oversized = Padded(body, maxResponseBytes + 1);
        yield return new("padded to the cap", 200, padded, Expect.Value);
        yield return new("padded to the cap, chunked", 200, padded, Expect.Value) { Delivery = Delivery.Chunked };
        yield return new("one byte over the cap", 200, oversized, "response_too_large");
        yield return new("one byte over the cap, chunked", 200, oversized, "response_too_large") { Delivery = Delivery.Chunked };
        yield return new("four times the cap, chunked", 200, Padded(body, 4 * maxResponseBytes), "response_too_large") { Delivery = Delivery.Chunked };

        yield return new("status 201", 201, body, Expect.Value);
        yield return new("status 203", 203, body, Expect.Value);
        yield return new("status 204", 204, [], "malformed_response");
        foreach (var status in new[] { 301, 302, 307, 308 })
        {
            yield return new(string.Create(CultureInfo.InvariantCulture, $"status {status} to elsewhere"), status, body, "http_error") { Location = "/elsewhere" };
        }

        yield return new("status 400", 400, body, badRequest);
        yield return new("status 429", 429, body, "rate_limited");
        foreach (var status in ErrorStatuses)
        {
            yield return new(string.Create(CultureInfo.InvariantCulture, $"status {status}"), status, body, "http_error");
        }

        yield return new("an HTML gateway page", 200, "<html><body>502 Bad Gateway</body></html>"u8.ToArray(), "malformed_response") { ContentType = "text/html" };
        yield return new("the real reply as text/plain", 200, body, Expect.Value) { ContentType = "text/plain" };
        yield return new("a byte order mark first", 200, [.. "\uFEFF"u8, .. body], Expect.Value);
        yield return new("trailing whitespace", 200, [.. body, .. " \r\n\t"u8], Expect.Value);
        yield return new("trailing garbage", 200, [.. body, .. "x"u8], "malformed_response");
        yield return new("the reply twice", 200, [.. body, .. body], "malformed_response");
        yield return new("UTF-16", 200, Encoding.Unicode.GetBytes(real), "malformed_response");
        yield return new("gzip without Content-Encoding", 200, Gzip(body), "malformed_response");
        yield return new("chunked", 200, body, Expect.Value) { Delivery = Delivery.Chunked };
        yield return new("dribbled", 200, body, Expect.Value) { Delivery = Delivery.Dribbled };
        yield return new("stalled halfway", 200, body, "timeout") { Delivery = Delivery.Stalled };
        yield return new("a hundred bytes short of its Content-Length", 200, body, "connection_error") { Delivery = Delivery.ShortOfItsLength };
    }

    /// <summary>Each field and element of <paramref name="real"/> dropped, or replaced by each of <see cref="FieldReplacements"/> and by invalid UTF-8.</summary>
    private static IEnumerable<HostileReply> FieldMutations(string real)
    {
        var template = JsonNode.Parse(real)!;
        foreach (var path in Paths(template, "$"))
        {
            yield return Mutated(template, path, null, "drop " + path.Name);
            foreach (var raw in FieldReplacements)
            {
                yield return Mutated(template, path, Encoding.UTF8.GetBytes(raw), $"{path.Name} = {(raw.Length > 24 ? raw[..24] + "…" : raw)}");
            }

            yield return Mutated(template, path, [(byte)'"', 0xFF, 0xFE, (byte)'"'], path.Name + " = invalid UTF-8");
        }
    }

    private static HostileReply Mutated(JsonNode template, FieldPath path, byte[]? raw, string name)
    {
        const string Placeholder = "@@hostile@@";
        var root = template.DeepClone();
        var parent = path.Steps.SkipLast(1).Aggregate(root, (node, step) => step is int i ? node[i]! : node[(string)step]!);
        var last = path.Steps[^1];
        switch (parent, last)
        {
            case (JsonObject o, string key) when raw is null:
                o.Remove(key);
                break;
            case (JsonArray a, int i) when raw is null:
                a.RemoveAt(i);
                break;
            case (JsonObject o, string key):
                o[key] = Placeholder;
                break;
            case (JsonArray a, int i):
                a[i] = Placeholder;
                break;
        }

        var text = root.ToJsonString();
        var at = text.IndexOf('"' + Placeholder + '"', StringComparison.Ordinal);
        var body = at < 0
            ? Encoding.UTF8.GetBytes(text)
            : [.. Encoding.UTF8.GetBytes(text[..at]), .. raw!, .. Encoding.UTF8.GetBytes(text[(at + Placeholder.Length + 2)..])];
        return new(name, 200, body, Expect.AnyTyped);
    }

    private sealed record FieldPath(string Name, object[] Steps);

    private static IEnumerable<FieldPath> Paths(JsonNode node, string name, params object[] steps)
    {
        var children = node switch
        {
            JsonObject o => o.Select(p => (Name: $"{name}.{p.Key}", Step: (object)p.Key, Node: p.Value)),
            JsonArray a => a.Select((v, i) => (Name: string.Create(CultureInfo.InvariantCulture, $"{name}[{i}]"), Step: (object)i, Node: v)),
            _ => [],
        };
        foreach (var child in children.ToList())
        {
            object[] childSteps = [.. steps, child.Step];
            yield return new FieldPath(child.Name, childSteps);
            if (child.Node is not null)
            {
                foreach (var path in Paths(child.Node, child.Name, childSteps))
                {
                    yield return path;
                }
            }
        }
    }

    private static HostileReply Json(string name, string json, string expected) => new(name, 200, Encoding.UTF8.GetBytes(json), expected);

    /// <summary><paramref name="body"/> followed by spaces up to <paramref name="length"/> bytes: still the same JSON.</summary>
    private static byte[] Padded(byte[] body, int length)
    {
        var padded = new byte[length];
        body.CopyTo(padded, 0);
        padded.AsSpan(body.Length).Fill((byte)' ');
        return padded;
    }

    private static byte[] Gzip(byte[] body)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(body);
        }

        return output.ToArray();
    }

    private static string Coin(string price = "64000.5", string marketCap = "1260000000000", string volume = "25000000000", string change = "1.91", string lastUpdated = "\"2026-11-28T10:00:00.000Z\"") =>
        $$"""{"symbol":"btc","name":"Bitcoin","current_price":{{price}},"market_cap":{{marketCap}},"total_volume":{{volume}},"price_change_percentage_24h":{{change}},"last_updated":{{lastUpdated}}}""";

    private static string Book(string bids, string asks) => $$"""{"lastUpdateId":1,"bids":[{{bids}}],"asks":[{{asks}}]}""";

    /// <summary><paramref name="count"/> levels from <paramref name="best"/>, a unit apart in <paramref name="direction"/>.</summary>
    private static string Levels(int count, int best, int direction) =>
        string.Join(',', Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"[\"{best + (direction * i * 0.001)}\",\"1\"]")));

    private static string Completion(string content, string promptTokens = "12") =>
        $$$"""{"choices":[{"index":0,"message":{"role":"assistant","content":{{{content}}}},"finish_reason":"stop"}],"usage":{"prompt_tokens":{{{promptTokens}}},"completion_tokens":3}}""";
}
