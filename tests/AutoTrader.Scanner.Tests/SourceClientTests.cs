using System.Text;
using AutoTrader.Observability.Metrics;
using AutoTrader.Scanner.Configuration;
using AutoTrader.Scanner.Market;
using AutoTrader.Scanner.Sources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AutoTrader.Scanner.Tests;

public sealed class SourceClientTests : IAsyncLifetime
{
    private ApiStub _stub = null!;

    public async Task InitializeAsync() => _stub = await ApiStub.StartAsync();

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    [Fact]
    public async Task CoinGecko_markets_are_read_from_the_real_response_shape()
    {
        using var http = _stub.Client();
        var quote = await new CoinGeckoMarketsClient(http).FetchAsync("BTC", default);

        Assert.NotNull(quote);
        Assert.Equal("BTC", quote.Symbol);
        Assert.Equal(64000.5, quote.PriceUsd);
        Assert.Equal(1.26e12, quote.MarketCapUsd);
        Assert.Equal(2.5e10, quote.Volume24hUsd);
        Assert.Equal(1.91, quote.PriceChange24hPct);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero), quote.LastUpdated);
        Assert.Contains("/coins/markets?vs_currency=usd&symbols=btc", _stub.Requests);
    }

    [Fact]
    public async Task Binance_depth_is_read_from_the_real_response_shape()
    {
        using var http = _stub.Client();
        var book = await new BinanceDepthClient(http, TimeProvider.System).FetchAsync("btc", default);

        Assert.NotNull(book);
        Assert.Equal(64000, book.MidPrice);
        Assert.Equal(2, book.Bids.Count);
        Assert.Equal(new OrderBookLevel(64010, 1.5), book.Asks[0]);
        Assert.Contains("/api/v3/depth?limit=20&symbol=BTCUSDT", _stub.Requests);
    }

    [Fact]
    public async Task Unknown_symbols_are_null_not_errors()
    {
        using var http = _stub.Client();

        Assert.Null(await new CoinGeckoMarketsClient(http).FetchAsync("NOPE", default));
        Assert.Null(await new BinanceDepthClient(http, TimeProvider.System).FetchAsync("NOPE", default));
    }

    public static TheoryData<string, string> Faults() => new()
    {
        { "429", "rate_limited" },
        { "503", "http_error" },
        { "malformed", "malformed_response" },
        { "truncated", "malformed_response" },
        { "wrong-shape", "malformed_response" },
        { "hang", "timeout" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Each_failure_of_the_api_ends_in_a_typed_error(string fault, string errorType)
    {
        _stub.Fault = fault switch
        {
            "429" => c => { c.Response.StatusCode = 429; return Task.CompletedTask; },
            "503" => c => { c.Response.StatusCode = 503; return Task.CompletedTask; },
            "malformed" => c => c.Response.WriteAsync("<html>gateway error</html>"),
            "truncated" => c => c.Response.WriteAsync("[{\"symbol\":\"btc\",\"name\":"),
            "wrong-shape" => c => c.Response.WriteAsync("[{\"symbol\":\"btc\",\"name\":\"Bitcoin\",\"current_price\":\"lots\"}]"),
            _ => async c => await Task.Delay(TimeSpan.FromSeconds(10), c.RequestAborted),
        };
        using var http = _stub.Client(fault == "hang" ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(10));

        var e = await Assert.ThrowsAsync<DataSourceException>(() => new CoinGeckoMarketsClient(http).FetchAsync("BTC", default));

        Assert.Equal(errorType, e.ErrorType);
        Assert.StartsWith("coingecko /coins/markets ", e.Message, StringComparison.Ordinal);
        AssertNoUrl(e.Message);
    }

    [Theory]
    [InlineData(503, "coingecko /coins/markets answered 503 Service Unavailable")]
    [InlineData(429, "coingecko /coins/markets answered 429 Too Many Requests")]
    [InlineData(599, "coingecko /coins/markets answered 599")]
    public async Task Status_errors_name_the_source_and_endpoint_and_the_status_but_not_the_url(int status, string message)
    {
        _stub.Fault = c => { c.Response.StatusCode = status; return Task.CompletedTask; };
        using var http = _stub.Client();

        var e = await Assert.ThrowsAsync<DataSourceException>(() => new CoinGeckoMarketsClient(http).FetchAsync("BTC", default));

        Assert.Equal(message, e.Message);
        Assert.Equal(status, e.HttpStatus);
    }

    public static TheoryData<string, string, string> MalformedReplies() => new()
    {
        // The two replies that stopped the service before the clients read defensively.
        { RealReplies.BinanceDepthPath, """{"bids":[[null,"1"]],"asks":[]}""", "binance /orderbook answered null where a price in 'bids' should be a string" },
        { RealReplies.CoinGeckoMarketsPath, """[{"symbol":"btc","name":"Bitcoin","current_price":null}]""", "coingecko /coins/markets answered a reply without 'current_price'" },
        { RealReplies.CoinGeckoMarketsPath, """[{"symbol":"btc","name":"Bitcoin","current_price":1e400}]""", "coingecko /coins/markets answered 'current_price' that is not a finite number of at least 0" },
        { RealReplies.CoinGeckoMarketsPath, """{"error":"coin not found"}""", "coingecko /coins/markets answered an error object instead of a list of coins" },
        { RealReplies.BinanceDepthPath, """{"code":-1121,"msg":"Invalid symbol."}""", "binance /orderbook answered an error object instead of an order book" },
        { RealReplies.BinanceDepthPath, """{"bids":[["-1","1"]],"asks":[]}""", "binance /orderbook answered a price in 'bids' that is not a finite number of at least 0" },
        { RealReplies.BinanceDepthPath, """{"bids":[["1","NaN"]],"asks":[]}""", "binance /orderbook answered a quantity in 'bids' that is not a finite number of at least 0" },
        { RealReplies.BinanceDepthPath, "", "binance /orderbook answered an empty body" },
        { RealReplies.BinanceDepthPath, new string('[', 100) + new string(']', 100), "binance /orderbook answered invalid JSON: The maximum configured depth of 32 has been exceeded. Cannot read next JSON array. LineNumber: 0 | BytePositionInLine: 32." },
    };

    [Theory]
    [MemberData(nameof(MalformedReplies))]
    public async Task A_malformed_reply_is_a_malformed_response_that_says_what_is_wrong(string path, string body, string message)
    {
        _stub.Replies[path] = c => c.Response.WriteAsync(body);
        using var http = _stub.Client();

        var e = await Assert.ThrowsAsync<DataSourceException>(() => path == RealReplies.BinanceDepthPath
            ? new BinanceDepthClient(http, TimeProvider.System).FetchAsync("BTC", default)
            : new CoinGeckoMarketsClient(http).FetchAsync("BTC", default));

        Assert.Equal("malformed_response", e.ErrorType);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public async Task Bodies_past_the_default_cap_are_too_large_whether_declared_or_streamed()
    {
        var atCap = Encoding.UTF8.GetBytes(RealReplies.CoinGeckoMarkets.PadRight(CoinGeckoMarketsClient.DefaultMaxResponseBytes));
        var overCap = Encoding.UTF8.GetBytes(RealReplies.CoinGeckoMarkets.PadRight(CoinGeckoMarketsClient.DefaultMaxResponseBytes + 1));
        using var http = _stub.Client();
        var client = new CoinGeckoMarketsClient(http);

        foreach (var chunked in new[] { false, true })
        {
            _stub.Replies[RealReplies.CoinGeckoMarketsPath] = Serve(atCap, chunked);
            Assert.NotNull(await client.FetchAsync("BTC", default));

            _stub.Replies[RealReplies.CoinGeckoMarketsPath] = Serve(overCap, chunked);
            var e = await Assert.ThrowsAsync<DataSourceException>(() => client.FetchAsync("BTC", default));
            Assert.Equal("response_too_large", e.ErrorType);
            Assert.Equal("coingecko /coins/markets answered a body larger than its cap of 4194304 bytes", e.Message);
        }

        static Func<HttpContext, Task> Serve(byte[] body, bool chunked) => async c =>
        {
            c.Response.ContentLength = chunked ? null : body.Length;
            await c.Response.Body.WriteAsync(body);
        };
    }

    [Fact]
    public async Task The_live_wiring_reads_max_response_bytes_and_follows_no_redirect()
    {
        var options = new ScannerOptions { Mode = "live" };
        options.CoinGecko.BaseUrl = options.Binance.BaseUrl = _stub.BaseAddress.ToString();
        options.CoinGecko.MaxResponseBytes = 1024;
        using var kit = new ScannerTestKit();
        await using var services = new ServiceCollection().AddSingleton(kit.Metrics).AddLogging().AddAutoTraderScanner(options).BuildServiceProvider();
        _stub.Replies[RealReplies.CoinGeckoMarketsPath] = c => c.Response.WriteAsync(RealReplies.CoinGeckoMarkets.PadRight(1025));
        _stub.Replies[RealReplies.BinanceDepthPath] = c => { c.Response.StatusCode = 302; c.Response.Headers.Location = "/api/v3/depth?symbol=BTCUSDT&limit=20"; return Task.CompletedTask; };

        var quote = await Assert.ThrowsAsync<DataSourceException>(() => services.GetRequiredService<IDataSource<MarketQuote>>().FetchAsync("BTC", default));
        var book = await Assert.ThrowsAsync<DataSourceException>(() => services.GetRequiredService<IDataSource<OrderBook>>().FetchAsync("BTC", default));

        Assert.Equal("response_too_large", quote.ErrorType);
        Assert.Equal("binance /orderbook answered 302 Found", book.Message);
    }

    [Fact]
    public async Task A_refused_connection_is_a_connection_error()
    {
        var address = _stub.BaseAddress;
        await _stub.DisposeAsync();
        using var http = new HttpClient { BaseAddress = address };

        var e = await Assert.ThrowsAsync<DataSourceException>(() => new CoinGeckoMarketsClient(http).FetchAsync("BTC", default));

        Assert.Equal("connection_error", e.ErrorType);
        Assert.Equal("coingecko /coins/markets could not be reached or broke off (ConnectionError)", e.Message);
        _stub = await ApiStub.StartAsync();
    }

    private void AssertNoUrl(string message)
    {
        Assert.DoesNotContain(_stub.BaseAddress.Authority, message, StringComparison.Ordinal);
        Assert.DoesNotContain("symbols=", message, StringComparison.Ordinal);
        Assert.DoesNotContain("vs_currency", message, StringComparison.Ordinal);
    }
}
