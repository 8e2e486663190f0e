using System.Globalization;
using AutoTrader.Scanner.Scans;

namespace AutoTrader.Scanner.Narrative;

/// <summary>The facts of a scan, as a prompt for a model and as the local template's input.</summary>
internal static class NarrativePrompt
{
    public const string System = "You are a crypto market analyst. In two sentences, explain a token's GemScore (0-100) and its risk flags to a trader. No financial advice.";

    public static string Facts(ScanResult scan)
    {
        var score = scan.Score!;
        var flags = score.Flags.Count == 0 ? "none" : string.Join("; ", score.Flags.Select(f => $"{f.Name} ({f.Reason})"));
        var strongest = score.Components.MaxBy(c => c.Value).Key;
        var weakest = score.Components.MinBy(c => c.Value).Key;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Token {scan.Symbol}: GemScore {score.GemScore:F1}, confidence {score.Confidence:P0}, strongest component {strongest}, weakest {weakest}, flags: {flags}.");
    }
}
