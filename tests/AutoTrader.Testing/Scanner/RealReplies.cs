namespace AutoTrader.Scanner.Tests;

/// <summary>The replies of the real APIs for BTC, in the shapes their documentation gives; the stub serves them and the hostile replies mutate them.</summary>
public static class RealReplies
{
    public const string CoinGeckoMarketsPath = "/coins/markets";

    public const string BinanceDepthPath = "/api/v3/depth";

    public const string ChatCompletionsPath = "/chat/completions";

    public const string CoinGeckoMarkets =
        """
        [{"id":"bitcoin","symbol":"btc","name":"Bitcoin","image":"https://x/btc.png","current_price":64000.5,"market_cap":1260000000000,
          "market_cap_rank":1,"total_volume":25000000000,"high_24h":65000,"low_24h":63000,"price_change_24h":1200.1,
          "price_change_percentage_24h":1.91,"circulating_supply":19700000,"last_updated":"2026-11-28T10:00:00.000Z"}]
        """;

    public const string BinanceDepth =
        """{"lastUpdateId":1027024,"bids":[["63990.00","2.5"],["63980.00","1.0"]],"asks":[["64010.00","1.5"],["64020.00","3.0"]]}""";

    public const string BinanceInvalidSymbol = """{"code":-1121,"msg":"Invalid symbol."}""";

    public const string ChatCompletion =
        """
        {"id":"chatcmpl-1","object":"chat.completion","created":1764320000,"model":"llama3-70b-8192",
         "choices":[{"index":0,"message":{"role":"assistant","content":" BTC looks strong. Liquidity is deep. "},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150}}
        """;
}
