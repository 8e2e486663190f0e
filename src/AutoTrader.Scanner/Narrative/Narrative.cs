namespace AutoTrader.Scanner.Narrative;

/// <summary>The text a provider wrote about a scan, and what it cost.</summary>
/// <param name="Text">The narrative.</param>
/// <param name="Provider">The <c>provider</c> label: <c>groq</c> or <c>local</c>.</param>
/// <param name="Model">The <c>model</c> label.</param>
/// <param name="InputTokens">Prompt tokens, from the response's usage (or the local tokenizer).</param>
/// <param name="OutputTokens">Completion tokens.</param>
public sealed record Narrative(string Text, string Provider, string Model, long InputTokens, long OutputTokens);
