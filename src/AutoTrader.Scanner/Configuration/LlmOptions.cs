using AutoTrader.Scanner.Narrative;
using Microsoft.Extensions.Configuration;

namespace AutoTrader.Scanner.Configuration;

/// <summary>The <c>scanner.llm</c> section: who writes the narrative of a scan.</summary>
public sealed class LlmOptions
{
    /// <summary>The providers <see cref="Provider"/> accepts.</summary>
    public static readonly IReadOnlyList<string> Providers = ["auto", "groq", "local"];

    /// <summary>
    /// <c>auto</c> uses Groq when an API key is set and the local template otherwise; <c>groq</c>
    /// requires the key; <c>local</c> never calls out. Default value: <c>auto</c>.
    /// </summary>
    [ConfigurationKeyName("provider")]
    public string Provider { get; set; } = "auto";

    /// <summary>Root of the OpenAI-compatible API. Default value: <c>https://api.groq.com/openai/v1/</c>.</summary>
    [ConfigurationKeyName("base_url")]
    public string BaseUrl { get; set; } = "https://api.groq.com/openai/v1/";

    /// <summary>Model asked for. Default value: <c>llama3-70b-8192</c>.</summary>
    [ConfigurationKeyName("model")]
    public string Model { get; set; } = "llama3-70b-8192";

    /// <summary>API key; the shipped file reads it from <c>GROQ_API_KEY</c>. Never logged.</summary>
    [ConfigurationKeyName("api_key")]
    public string ApiKey { get; set; } = "";

    /// <summary>Seconds a completion may take. Default value: <c>30</c>.</summary>
    [ConfigurationKeyName("timeout_seconds")]
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Largest response body read, in bytes; a larger one fails as <c>response_too_large</c>.
    /// Default value: <c>262144</c> (256 KiB).
    /// </summary>
    [ConfigurationKeyName("max_response_bytes")]
    public int MaxResponseBytes { get; set; } = ChatCompletionsNarrator.DefaultMaxResponseBytes;

    /// <summary>Whether the background scans get a narrative too (API and CLI scans always do). Default value: <c>true</c>.</summary>
    [ConfigurationKeyName("narrate_background_scans")]
    public bool NarrateBackgroundScans { get; set; } = true;

    /// <summary>USD per million tokens, by model; a model missing here costs 0 and is logged once.</summary>
    [ConfigurationKeyName("prices")]
    public Dictionary<string, LlmPrice>? Prices { get; set; }

    /// <summary>The configured price table, or the default one.</summary>
    public IReadOnlyDictionary<string, LlmPrice> EffectivePrices => Prices ?? new Dictionary<string, LlmPrice>
    {
        ["llama3-70b-8192"] = new() { InputPerMillion = 0.59, OutputPerMillion = 0.79 },
        ["llama3-8b-8192"] = new() { InputPerMillion = 0.05, OutputPerMillion = 0.08 },
    };
}
