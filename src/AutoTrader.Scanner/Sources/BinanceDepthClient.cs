using System.Text.Json;
using AutoTrader.Scanner.Market;

namespace AutoTrader.Scanner.Sources;

/// <summary>
/// Binance's depth API, <c>GET /api/v3/depth?symbol=BTCUSDT&amp;limit=20</c>, which answers
/// <c>{"lastUpdateId":…,"bids":[["price","qty"],…],"asks":[…]}</c> with decimals as strings.
/// Reported under the endpoint label <c>/orderbook</c>, as in the guide. A 400 answer (Binance's
/// "Invalid symbol") means the pair is not listed. Any other answer fails as a
/// <see cref="DataSourceException"/>: both sides must be arrays of at most <see cref="Levels"/>
/// <c>[price, quantity]</c> pairs with finite positive prices and non-negative quantities, bids
/// from the highest price down, asks from the lowest up, and no bid above the best ask.
/// </summary>
public sealed class BinanceDepthClient : IDataSource<OrderBook>
{
    /// <summary>The levels asked for per side.</summary>
    public const int Levels = 20;

    /// <summary>The default body cap: 4 MiB, far above the 2 KB of a 20-level book.</summary>
    public const int DefaultMaxResponseBytes = SourceHttp.DefaultMaxResponseBytes;

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly int _maxResponseBytes;
    private readonly ReplyReader _reply;

    /// <summary>Creates the client.</summary>
    /// <param name="http">A client whose base address is the API root, such as <c>https://api.binance.com/</c>.</param>
    /// <param name="time">Clock that stamps the book, which the API does not.</param>
    /// <param name="maxResponseBytes">Largest body read; a larger one fails as <c>response_too_large</c>.</param>
    public BinanceDepthClient(HttpClient http, TimeProvider time, int maxResponseBytes = DefaultMaxResponseBytes)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        _http = http;
        _time = time;
        _maxResponseBytes = SourceHttp.CheckCap(maxResponseBytes);
        _reply = new ReplyReader(Source + " " + Endpoint);
    }

    /// <inheritdoc />
    public string Source => "binance";

    /// <inheritdoc />
    public string Endpoint => "/orderbook";

    /// <inheritdoc />
    public async Task<OrderBook?> FetchAsync(string symbol, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var url = $"api/v3/depth?limit={Levels}&symbol=" + Uri.EscapeDataString(symbol.ToUpperInvariant() + "USDT");
        JsonDocument json;
        try
        {
            json = await SourceHttp.GetJsonAsync(_http, url, _reply.Upstream, _maxResponseBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (DataSourceException e) when (e.HttpStatus == 400)
        {
            return null; // Binance answers 400 "Invalid symbol" for a pair it does not list
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("code", out _) && !root.TryGetProperty("bids", out _))
            {
                throw _reply.Malformed("an error object instead of an order book");
            }

            _reply.Expect(root, JsonValueKind.Object, "the order book");
            var bids = Side(root, "bids", descending: true);
            var asks = Side(root, "asks", descending: false);
            if (bids.Length > 0 && asks.Length > 0 && bids[0].Price > asks[0].Price)
            {
                throw _reply.Malformed("a crossed book: its best bid is above its best ask");
            }

            return new OrderBook(symbol.ToUpperInvariant(), bids, asks, _time.GetUtcNow());
        }
    }

    private OrderBookLevel[] Side(JsonElement root, string side, bool descending)
    {
        var levels = _reply.Required(root, side, JsonValueKind.Array);
        if (levels.GetArrayLength() > Levels)
        {
            throw _reply.Malformed($"more '{side}' than the {Levels} levels asked for");
        }

        var result = new OrderBookLevel[levels.GetArrayLength()];
        var i = 0;
        foreach (var level in levels.EnumerateArray())
        {
            if (_reply.Expect(level, JsonValueKind.Array, $"a level of '{side}'").GetArrayLength() < 2)
            {
                throw _reply.Malformed($"a level of '{side}' that is not a [price, quantity] pair");
            }

            var price = _reply.Decimal(level[0], $"a price in '{side}'", 0);
            if (price == 0)
            {
                throw _reply.Malformed($"a price of 0 in '{side}'");
            }

            result[i] = new OrderBookLevel(price, _reply.Decimal(level[1], $"a quantity in '{side}'", 0));
            if (i > 0 && (descending ? price > result[i - 1].Price : price < result[i - 1].Price))
            {
                throw _reply.Malformed($"'{side}' out of price order");
            }

            i++;
        }

        return result;
    }
}
