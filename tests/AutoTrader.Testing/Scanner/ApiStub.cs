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
/// <c>/api/v3/depth</c> and an OpenAI-compatible <c>/chat/completions</c>, or misbehaves on demand
/// (429, 5xx, hang, malformed JSON, or any <see cref="Hostile.HostileReply"/>).
/// </summary>
public sealed class ApiStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _requests = new();

    private ApiStub(WebApplication app) => _app = app;

    /// <summary>What the next requests get: null answers like the real API.</summary>
    public Func<HttpContext, Task>? Fault { get; set; }

    /// <summary>What the next requests to one path get, before <see cref="Fault"/>; a path missing here answers as <see cref="Fault"/> says.</summary>
    public ConcurrentDictionary<string, Func<HttpContext, Task>> Replies { get; } = new(StringComparer.Ordinal);

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
            var reply = stub.Replies.TryGetValue(context.Request.Path.Value ?? "", out var forPath) ? forPath : stub.Fault;
            if (reply is not null)
            {
                await reply(context);
                return;
            }

            await next(context);
        });
        app.MapGet(RealReplies.CoinGeckoMarketsPath, (string vs_currency, string symbols) =>
            Results.Text(symbols == "btc" ? RealReplies.CoinGeckoMarkets : "[]", "application/json"));
        app.MapGet(RealReplies.BinanceDepthPath, (string symbol, int limit) =>
            symbol == "BTCUSDT"
                ? Results.Text(RealReplies.BinanceDepth, "application/json")
                : Results.Text(RealReplies.BinanceInvalidSymbol, "application/json", statusCode: 400));
        app.MapPost(RealReplies.ChatCompletionsPath, async (HttpContext context) =>
        {
            stub.LastAuthorization = context.Request.Headers.Authorization.ToString();
            using var body = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body);
            stub.LastModel = body.RootElement.GetProperty("model").GetString();
            return Results.Text(RealReplies.ChatCompletion, "application/json");
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
