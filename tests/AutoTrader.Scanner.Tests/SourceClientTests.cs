using AutoTrader.Scanner.Sources;
using Microsoft.AspNetCore.Http;

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
        Assert.Equal(new Market.OrderBookLevel(64010, 1.5), book.Asks[0]);
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
    }

    [Fact]
    public async Task A_refused_connection_is_a_connection_error()
    {
        var address = _stub.BaseAddress;
        await _stub.DisposeAsync();
        using var http = new HttpClient { BaseAddress = address };

        var e = await Assert.ThrowsAsync<DataSourceException>(() => new CoinGeckoMarketsClient(http).FetchAsync("BTC", default));

        Assert.Equal("connection_error", e.ErrorType);
        _stub = await ApiStub.StartAsync();
    }
}
