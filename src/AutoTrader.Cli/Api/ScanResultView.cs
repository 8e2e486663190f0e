using System.Text.Json.Serialization;
using AutoTrader.Scanner.Scans;

namespace AutoTrader.Cli.Api;

/// <summary>
/// A scan result as JSON, the one view of it: what the API answers for a token and what
/// <c>scan --json</c> prints for each symbol. The command adds how the scan ended (<c>status</c>,
/// <c>error_type</c>, <c>error_message</c>, <c>duration_seconds</c>), since it prints failed scans
/// too; the API answers those with an error body instead and leaves these fields out.
/// </summary>
internal sealed record ScanResultView(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("gem_score")] double? GemScore,
    [property: JsonPropertyName("confidence")] double? Confidence,
    [property: JsonPropertyName("price_usd")] double? PriceUsd,
    [property: JsonPropertyName("flags")] IReadOnlyList<FlagView>? Flags,
    [property: JsonPropertyName("degraded")] bool Degraded,
    [property: JsonPropertyName("narrative")] string? Narrative,
    [property: JsonPropertyName("trace_id")] string? TraceId)
{
    /// <summary><c>success</c> or <c>failure</c>; <c>scan --json</c> only.</summary>
    [JsonPropertyName("status")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    /// <summary>How a failed scan failed; <c>scan --json</c> only.</summary>
    [JsonPropertyName("error_type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ErrorType { get; init; }

    /// <summary>What went wrong, for a failed or a degraded scan; <c>scan --json</c> only.</summary>
    [JsonPropertyName("error_message")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ErrorMessage { get; init; }

    /// <summary>Wall time of the scan; <c>scan --json</c> only.</summary>
    [JsonPropertyName("duration_seconds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? DurationSeconds { get; init; }

    /// <summary>The view of a result, as the API serves it.</summary>
    public static ScanResultView Of(ScanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(
            result.Symbol,
            result.Score?.GemScore,
            result.Score?.Confidence,
            result.Quote?.PriceUsd,
            result.Score is null ? null : [.. result.Score.Flags.Select(flag => new FlagView(flag.Name, flag.Reason))],
            result.Degraded,
            result.Narrative,
            result.TraceId);
    }

    /// <summary>The view of a result with how the scan ended, as <c>scan --json</c> prints it.</summary>
    public static ScanResultView WithOutcome(ScanResult result) => Of(result) with
    {
        Status = result.Status,
        ErrorType = result.ErrorType,
        ErrorMessage = result.ErrorMessage,
        DurationSeconds = result.DurationSeconds,
    };
}

/// <summary>A risk flag in a <see cref="ScanResultView"/>.</summary>
internal sealed record FlagView(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("reason")] string Reason);
