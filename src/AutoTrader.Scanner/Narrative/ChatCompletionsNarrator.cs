using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AutoTrader.Scanner.Pipeline;
using AutoTrader.Scanner.Sources;

namespace AutoTrader.Scanner.Narrative;

/// <summary>
/// An OpenAI-compatible <c>POST /chat/completions</c> client (Groq by default). Token counts come
/// from the response's <c>usage</c>; the API key goes in the Authorization header only.
/// </summary>
/// <param name="http">A client whose base address is the API root, such as <c>https://api.groq.com/openai/v1/</c>.</param>
/// <param name="model">The model asked for.</param>
/// <param name="apiKey">The bearer token.</param>
public sealed class ChatCompletionsNarrator(HttpClient http, string model, string apiKey) : INarrator
{
    /// <inheritdoc />
    public string Provider => "groq";

    /// <inheritdoc />
    public string Model => model;

    /// <inheritdoc />
    public async Task<Narrative> NarrateAsync(ScanResult scan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions")
        {
            Content = JsonContent.Create(new
            {
                model,
                max_tokens = 160,
                temperature = 0.2,
                messages = new[]
                {
                    new { role = "system", content = NarrativePrompt.System },
                    new { role = "user", content = NarrativePrompt.Facts(scan) },
                },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var json = await SourceHttp.SendJsonAsync(http, request, cancellationToken).ConfigureAwait(false);
        var root = json.RootElement;
        var text = SourceHttp.Required(root, "choices", c => c[0].GetProperty("message").GetProperty("content").GetString()!);
        var usage = SourceHttp.Required(root, "usage", u => u);
        return new Narrative(
            text.Trim(),
            Provider,
            model,
            SourceHttp.Required(usage, "prompt_tokens", v => v.GetInt64()),
            SourceHttp.Required(usage, "completion_tokens", v => v.GetInt64()));
    }
}
