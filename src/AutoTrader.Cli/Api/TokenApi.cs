using AutoTrader.Scanner.Narrative;
using AutoTrader.Scanner.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AutoTrader.Cli.Api;

/// <summary>
/// The scanner's HTTP API: <c>GET /api/tokens</c>, <c>GET /api/tokens/{symbol}</c>,
/// <c>POST /api/scan/{symbol}</c>. Errors are JSON <c>{"error": ..., "message": ...}</c>.
/// </summary>
internal static class TokenApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/tokens", (ScanResultStore store) => Results.Ok(store.All.Select(TokenView.From)));

        api.MapGet("/api/tokens/{symbol}", (string symbol, ScanResultStore store) =>
            !TokenScanner.IsValidSymbol(symbol) ? InvalidSymbol()
            : store.Find(symbol.Trim().ToUpperInvariant()) is { } result ? Results.Ok(TokenView.From(result))
            : Error(StatusCodes.Status404NotFound, "not_found", "no scan of this token yet; POST /api/scan/{symbol} scans it"));

        api.MapPost("/api/scan/{symbol}", async (string symbol, TokenScanner scanner, ObservedNarrator narrator, ScanResultStore store, CancellationToken cancellationToken) =>
        {
            if (!TokenScanner.IsValidSymbol(symbol))
            {
                return InvalidSymbol();
            }

            var result = await narrator.AddNarrativeAsync(await scanner.ScanAsync(symbol, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            store.Record(result);
            return result.Succeeded ? Results.Ok(TokenView.From(result))
                : result.ErrorType == "not_found" ? Error(StatusCodes.Status404NotFound, "not_found", result.ErrorMessage!)
                : Error(StatusCodes.Status502BadGateway, result.ErrorType!, result.ErrorMessage!);
        });
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
