using System.Globalization;
using System.Text.Json;
using AutoTrader.Scanner.Market;

namespace AutoTrader.Scanner.Sources;

/// <summary>
/// CoinGecko's <c>GET /coins/markets?vs_currency=usd&amp;symbols=btc</c>, which answers a JSON array
/// of coins with <c>symbol</c>, <c>name</c>, <c>current_price</c>, <c>market_cap</c>,
/// <c>total_volume</c>, <c>price_change_percentage_24h</c> and <c>last_updated</c>.
/// </summary>
/// <param name="http">A client whose base address is the API root, such as <c>https://api.coingecko.com/api/v3/</c>.</param>
public sealed class CoinGeckoMarketsClient(HttpClient http) : IDataSource<MarketQuote>
{
    /// <inheritdoc />
    public string Source => "coingecko";

    /// <inheritdoc />
    public string Endpoint => "/coins/markets";

    /// <inheritdoc />
    public async Task<MarketQuote?> FetchAsync(string symbol, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var url = "coins/markets?vs_currency=usd&symbols=" + Uri.EscapeDataString(symbol.ToLowerInvariant());
        using var json = await SourceHttp.GetJsonAsync(http, url, cancellationToken).ConfigureAwait(false);
        if (json.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new DataSourceException("malformed_response", "/coins/markets did not answer an array");
        }

        foreach (var coin in json.RootElement.EnumerateArray())
        {
            if (!string.Equals(SourceHttp.Required(coin, "symbol", v => v.GetString()), symbol, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            return new MarketQuote(
                symbol.ToUpperInvariant(),
                SourceHttp.Required(coin, "name", v => v.GetString()!),
                SourceHttp.Required(coin, "current_price", v => v.GetDouble()),
                SourceHttp.Required(coin, "market_cap", v => v.GetDouble()),
                SourceHttp.Required(coin, "total_volume", v => v.GetDouble()),
                coin.TryGetProperty("price_change_percentage_24h", out var change) && change.ValueKind == JsonValueKind.Number ? change.GetDouble() : 0,
                SourceHttp.Required(coin, "last_updated", v => DateTimeOffset.Parse(v.GetString()!, CultureInfo.InvariantCulture)));
        }

        return null;
    }
}
