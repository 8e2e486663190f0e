namespace AutoTrader.Scanner.Scoring;

/// <summary>The outcome of scoring one token.</summary>
/// <param name="GemScore">0 to 100.</param>
/// <param name="Confidence">0 to 1.</param>
/// <param name="Components">Each component's 0..1 score by name, for explanation.</param>
/// <param name="Flags">Reasons for caution.</param>
public sealed record TokenScore(double GemScore, double Confidence, IReadOnlyDictionary<string, double> Components, IReadOnlyList<ScanFlag> Flags);
