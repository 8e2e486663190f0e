using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Scanner.Tests;

/// <summary>
/// A local HTTP server that answers like CoinGecko's <c>/coins/markets</c> and Binance's
/// <c>/api/v3/depth</c>, or misbehaves on demand (429, 5xx, hang, malformed JSON).
/// </summary>
internal sealed class ApiStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _requests = new();

    private ApiStub(WebApplication app) => _app = app;

    /// <summary>What the next requests get: null answers like the real API.</summary>
    public Func<HttpContext, Task>? Fault { get; set; }

    public IReadOnlyCollection<string> Requests => _requests;

    public string? LastAuthorization { get; private set; }

    public string? LastModel { get; private set; }

    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    public static async Task<ApiStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new ApiStub(app);
        app.Use(async (context, next) =>
        {
            stub._requests.Enqueue(context.Request.Path + context.Request.QueryString);
            if (stub.Fault is { } fault)
            {
                await fault(context);
                return;
            }

            await next(context);
        });
        app.MapGet("/coins/markets", (string vs_currency, string symbols) =>
            symbols == "btc"
                ? Results.Text(
                    """
                    [{"id":"bitcoin","symbol":"btc","name":"Bitcoin","image":"https://x/btc.png","current_price":64000.5,"market_cap":1260000000000,
                      "market_cap_rank":1,"total_volume":25000000000,"high_24h":65000,"low_24h":63000,"price_change_24h":1200.1,
                      "price_change_percentage_24h":1.91,"circulating_supply":19700000,"last_updated":"2026-11-28T10:00:00.000Z"}]
                    """,
                    "application/json")
                : Results.Text("[]", "application/json"));
        app.MapGet("/api/v3/depth", (string symbol, int limit) =>
            symbol == "BTCUSDT"
                ? Results.Text(
                    """{"lastUpdateId":1027024,"bids":[["63990.00","2.5"],["63980.00","1.0"]],"asks":[["64010.00","1.5"],["64020.00","3.0"]]}""",
                    "application/json")
                : Results.Text("""{"code":-1121,"msg":"Invalid symbol."}""", "application/json", statusCode: 400));
        app.MapPost("/chat/completions", async (HttpContext context) =>
        {
            stub.LastAuthorization = context.Request.Headers.Authorization.ToString();
            using var body = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body);
            stub.LastModel = body.RootElement.GetProperty("model").GetString();
            return Results.Text(
                """
                {"id":"chatcmpl-1","object":"chat.completion","created":1764320000,"model":"llama3-70b-8192",
                 "choices":[{"index":0,"message":{"role":"assistant","content":" BTC looks strong. Liquidity is deep. "},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150}}
                """,
                "application/json");
        });
        await app.StartAsync();
        return stub;
    }

    public HttpClient Client(TimeSpan? timeout = null) => new() { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(5) };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
