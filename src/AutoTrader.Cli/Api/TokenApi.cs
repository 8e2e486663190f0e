using System.Globalization;
using AutoTrader.Scanner.Configuration;
using AutoTrader.Scanner.Market;
using AutoTrader.Scanner.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AutoTrader.Cli.Api;

/// <summary>
/// The scanner's HTTP API: <c>GET /api/tokens</c>, <c>GET /api/tokens/{symbol}</c>,
/// <c>POST /api/scan/{symbol}</c> (GET routes answer HEAD too). Errors are JSON
/// <c>{"error": ..., "message": ...}</c>: 400 invalid symbol, 404 unknown token, 503 with
/// <c>Retry-After</c> while the sources' circuit breakers are open, 502 when the sources failed.
/// </summary>
internal static class TokenApi
{
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapMethods("/api/tokens", GetAndHead, (ScanResultStore store) => Results.Ok(store.All.Select(ScanResultView.Of)));

        api.MapMethods("/api/tokens/{symbol}", GetAndHead, (string symbol, ScanResultStore store) =>
            !TokenSymbol.IsValid(symbol) ? InvalidSymbol()
            : store.Find(TokenSymbol.Normalize(symbol)) is { } result ? Results.Ok(ScanResultView.Of(result))
            : Error(StatusCodes.Status404NotFound, "not_found", "no scan of this token yet; POST /api/scan/{symbol} scans it"));

        api.MapPost("/api/scan/{symbol}", async (string symbol, ScanService scanService, ScannerOptions options, HttpContext context) =>
        {
            if (!TokenSymbol.IsValid(symbol))
            {
                return InvalidSymbol();
            }

            var result = await scanService.ScanAsync(symbol, narrate: true, context.RequestAborted).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return Results.Ok(ScanResultView.Of(result));
            }

            switch (result.ErrorType)
            {
                case "not_found":
                    return Error(StatusCodes.Status404NotFound, "not_found", result.ErrorMessage!);
                case "circuit_open":
                    // An open breaker rejects calls for break_seconds at most; asking again sooner only gets the same answer.
                    context.Response.Headers.RetryAfter = Math.Ceiling(options.CircuitBreaker.BreakSeconds).ToString(CultureInfo.InvariantCulture);
                    return Error(StatusCodes.Status503ServiceUnavailable, "circuit_open", result.ErrorMessage!);
                default:
                    return Error(StatusCodes.Status502BadGateway, result.ErrorType!, result.ErrorMessage!);
            }
        });
    }

    /// <summary>What a request that failed with an unexpected exception gets; the exception itself is in the log.</summary>
    public static Task WriteInternalErrorAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return context.Response.WriteAsJsonAsync(new { error = "internal_error", message = "the request failed unexpectedly; the service log has the details" }, context.RequestAborted);
    }

    private static IResult InvalidSymbol() =>
        Error(StatusCodes.Status400BadRequest, "validation_error", TokenSymbol.Rule);

    private static IResult Error(int status, string error, string message) =>
        Results.Json(new { error, message }, statusCode: status);
}
