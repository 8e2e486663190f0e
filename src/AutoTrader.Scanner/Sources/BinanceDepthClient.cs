using System.Globalization;
using System.Text.Json;
using AutoTrader.Scanner.Market;

namespace AutoTrader.Scanner.Sources;

/// <summary>
/// Binance's depth API, <c>GET /api/v3/depth?symbol=BTCUSDT&amp;limit=20</c>, which answers
/// <c>{"lastUpdateId":…,"bids":[["price","qty"],…],"asks":[…]}</c> with decimals as strings.
/// Reported under the endpoint label <c>/orderbook</c>, as in the guide.
/// </summary>
/// <param name="http">A client whose base address is the API root, such as <c>https://api.binance.com/</c>.</param>
/// <param name="time">Clock that stamps the book, which the API does not.</param>
public sealed class BinanceDepthClient(HttpClient http, TimeProvider time) : IDataSource<OrderBook>
{
    /// <inheritdoc />
    public string Source => "binance";

    /// <inheritdoc />
    public string Endpoint => "/orderbook";

    /// <inheritdoc />
    public async Task<OrderBook?> FetchAsync(string symbol, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var url = "api/v3/depth?limit=20&symbol=" + Uri.EscapeDataString(symbol.ToUpperInvariant() + "USDT");
        JsonDocument json;
        try
        {
            json = await SourceHttp.GetJsonAsync(http, url, cancellationToken).ConfigureAwait(false);
        }
        catch (DataSourceException e) when (e.ErrorType == "http_error" && e.Message.Contains(" 400 ", StringComparison.Ordinal))
        {
            return null; // Binance answers 400 "Invalid symbol" for a pair it does not list
        }

        using (json)
        {
            var root = json.RootElement;
            return new OrderBook(symbol.ToUpperInvariant(), Levels(root, "bids"), Levels(root, "asks"), time.GetUtcNow());
        }
    }

    private static OrderBookLevel[] Levels(JsonElement root, string side) =>
        SourceHttp.Required(root, side, v => v.EnumerateArray().Select(level => new OrderBookLevel(
            double.Parse(level[0].GetString()!, CultureInfo.InvariantCulture),
            double.Parse(level[1].GetString()!, CultureInfo.InvariantCulture))).ToArray());
}
