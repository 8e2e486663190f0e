using System.Globalization;
using System.Text.RegularExpressions;
using AutoTrader.Scanner.Scans;

namespace AutoTrader.Scanner.Narrative;

/// <summary>
/// The provider used without an API key: writes the narrative from a template, counts tokens with
/// its own tokenizer (words, numbers with their decimals, and punctuation marks), and costs nothing.
/// </summary>
public sealed partial class LocalNarrator : INarrator
{
    [GeneratedRegex(@"\d+(?:\.\d+)?|\w+|[^\w\s]")]
    private static partial Regex Token();

    /// <inheritdoc />
    public string Provider => "local";

    /// <inheritdoc />
    public string Model => "template-v1";

    /// <summary>Tokens in <paramref name="text"/> by this provider's tokenizer.</summary>
    public static int CountTokens(string text) => Token().Count(text);

    /// <inheritdoc />
    public Task<Narrative> NarrateAsync(ScanResult scan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var score = scan.Score!;
        var verdict = score.GemScore switch
        {
            >= 70 => "looks strong",
            >= 50 => "looks middling",
            >= 30 => "looks weak",
            _ => "looks high-risk",
        };
        var strongest = score.Components.MaxBy(c => c.Value).Key;
        var weakest = score.Components.MinBy(c => c.Value).Key;
        var flags = score.Flags.Count == 0 ? "No risk flags were raised." : "Watch out: " + string.Join("; ", score.Flags.Select(f => f.Reason)) + ".";
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{scan.Symbol} {verdict} with a GemScore of {score.GemScore:F1} at {score.Confidence:P0} confidence, carried by {strongest} and held back by {weakest}. {flags}");
        var prompt = NarrativePrompt.System + " " + NarrativePrompt.Facts(scan);
        return Task.FromResult(new Narrative(text, Provider, Model, CountTokens(prompt), CountTokens(text)));
    }
}
