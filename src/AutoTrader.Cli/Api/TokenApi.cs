using System.Globalization;
using AutoTrader.Scanner.Configuration;
using AutoTrader.Scanner.Narrative;
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
        api.MapMethods("/api/tokens", GetAndHead, (ScanResultStore store) => Results.Ok(store.All.Select(TokenView.From)));

        api.MapMethods("/api/tokens/{symbol}", GetAndHead, (string symbol, ScanResultStore store) =>
            !TokenScanner.IsValidSymbol(symbol) ? InvalidSymbol()
            : store.Find(symbol.Trim().ToUpperInvariant()) is { } result ? Results.Ok(TokenView.From(result))
            : Error(StatusCodes.Status404NotFound, "not_found", "no scan of this token yet; POST /api/scan/{symbol} scans it"));

        api.MapPost("/api/scan/{symbol}", async (string symbol, TokenScanner scanner, ObservedNarrator narrator, ScanResultStore store, ScannerOptions options, HttpContext context) =>
        {
            if (!TokenScanner.IsValidSymbol(symbol))
            {
                return InvalidSymbol();
            }

            var cancellationToken = context.RequestAborted;
            var result = await narrator.AddNarrativeAsync(await scanner.ScanAsync(symbol, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            store.Record(result);
            if (result.Succeeded)
            {
                return Results.Ok(TokenView.From(result));
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
        Error(StatusCodes.Status400BadRequest, "validation_error", "a token symbol is 1 to 15 letters or digits");

    private static IResult Error(int status, string error, string message) =>
        Results.Json(new { error, message }, statusCode: status);
}

/// <summary>A scan result as the API returns it.</summary>
internal sealed record TokenView(
    string Symbol,
    double GemScore,
    double Confidence,
    double? PriceUsd,
    IReadOnlyList<FlagView> Flags,
    bool Degraded,
    string? Narrative,
    string? TraceId)
{
    public static TokenView From(ScanResult r) => new(
        r.Symbol,
        r.Score!.GemScore,
        r.Score.Confidence,
        r.Quote?.PriceUsd,
        [.. r.Score.Flags.Select(f => new FlagView(f.Name, f.Reason))],
        r.Degraded,
        r.Narrative,
        r.TraceId);
}

/// <summary>A flag as the API returns it.</summary>
internal sealed record FlagView(string Name, string Reason);
