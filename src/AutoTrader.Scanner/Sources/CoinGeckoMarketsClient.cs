using System.Globalization;
using System.Text.Json;
using AutoTrader.Scanner.Market;

namespace AutoTrader.Scanner.Sources;

/// <summary>
/// CoinGecko's <c>GET /coins/markets?vs_currency=usd&amp;symbols=btc</c>, which answers a JSON array
/// of coins with <c>symbol</c>, <c>name</c>, <c>current_price</c>, <c>market_cap</c>,
/// <c>total_volume</c>, <c>price_change_percentage_24h</c> and <c>last_updated</c>.
/// Any other answer fails as a <see cref="DataSourceException"/>: every coin must be an object
/// with a string <c>symbol</c>; the coin asked for needs a string <c>name</c>, finite non-negative
/// price, market cap and volume, a date and time in <c>last_updated</c>, and a change of at least −100 %
/// when it gives one (a missing or null change counts as 0).
/// </summary>
public sealed class CoinGeckoMarketsClient : IDataSource<MarketQuote>
{
    /// <summary>The default body cap: 4 MiB, far above the few hundred bytes of a one-coin answer.</summary>
    public const int DefaultMaxResponseBytes = SourceHttp.DefaultMaxResponseBytes;

    private readonly HttpClient _http;
    private readonly int _maxResponseBytes;
    private readonly ReplyReader _reply;

    /// <summary>Creates the client.</summary>
    /// <param name="http">A client whose base address is the API root, such as <c>https://api.coingecko.com/api/v3/</c>.</param>
    /// <param name="maxResponseBytes">Largest body read; a larger one fails as <c>response_too_large</c>.</param>
    public CoinGeckoMarketsClient(HttpClient http, int maxResponseBytes = DefaultMaxResponseBytes)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _maxResponseBytes = SourceHttp.CheckCap(maxResponseBytes);
        _reply = new ReplyReader(Source + " " + Endpoint);
    }

    /// <inheritdoc />
    public string Source => "coingecko";

    /// <inheritdoc />
    public string Endpoint => "/coins/markets";

    /// <inheritdoc />
    public async Task<MarketQuote?> FetchAsync(string symbol, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var url = "coins/markets?vs_currency=usd&symbols=" + Uri.EscapeDataString(symbol.ToLowerInvariant());
        using var json = await SourceHttp.GetJsonAsync(_http, url, _reply.Upstream, _maxResponseBytes, cancellationToken).ConfigureAwait(false);
        var root = json.RootElement;
        if (root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("error", out _) || root.TryGetProperty("status", out _)))
        {
            throw _reply.Malformed("an error object instead of a list of coins");
        }

        foreach (var coin in _reply.Expect(root, JsonValueKind.Array, "the list of coins").EnumerateArray())
        {
            var coinSymbol = _reply.Text(_reply.Required(coin, "symbol", JsonValueKind.String), "'symbol'");
            if (string.Equals(coinSymbol, symbol, StringComparison.OrdinalIgnoreCase))
            {
                return Quote(coin, symbol.ToUpperInvariant());
            }
        }

        return null;
    }

    private MarketQuote Quote(JsonElement coin, string symbol)
    {
        var name = _reply.Text(_reply.Required(coin, "name", JsonValueKind.String), "'name'");
        var price = _reply.Number(_reply.Required(coin, "current_price", JsonValueKind.Number), "'current_price'", 0);
        var marketCap = _reply.Number(_reply.Required(coin, "market_cap", JsonValueKind.Number), "'market_cap'", 0);
        var volume = _reply.Number(_reply.Required(coin, "total_volume", JsonValueKind.Number), "'total_volume'", 0);
        var change = _reply.Optional(coin, "price_change_percentage_24h", JsonValueKind.Number) is { } given ? _reply.Number(given, "'price_change_percentage_24h'", -100) : 0;
        var lastUpdated = _reply.Text(_reply.Required(coin, "last_updated", JsonValueKind.String), "'last_updated'");
        return DateTimeOffset.TryParse(lastUpdated, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? new MarketQuote(symbol, name, price, marketCap, volume, change, at)
            : throw _reply.Malformed("a 'last_updated' that is not a date and time");
    }
}
