namespace AutoTrader.Scanner.Scoring;

/// <summary>A reason to look twice at a token; <see cref="Name"/> is the <c>flag_reason</c> label.</summary>
/// <param name="Name">One of <c>high_risk</c>, <c>low_liquidity</c>, <c>extreme_volatility</c>, <c>stale_data</c>.</param>
/// <param name="Reason">Why, in words, with the measured value.</param>
public sealed record ScanFlag(string Name, string Reason);
