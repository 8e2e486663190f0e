using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AutoTrader.Scanner.Scans;
using AutoTrader.Scanner.Sources;

namespace AutoTrader.Scanner.Narrative;

/// <summary>
/// An OpenAI-compatible <c>POST /chat/completions</c> client (Groq by default). Token counts come
/// from the response's <c>usage</c>; the API key goes in the Authorization header only, never in a
/// message. Any answer but a completion fails as a <see cref="DataSourceException"/>: the first of
/// <c>choices</c> needs a <c>message</c> whose <c>content</c> is non-blank text of at most
/// <see cref="MaxNarrativeChars"/> characters, and <c>usage</c> integer <c>prompt_tokens</c> and
/// <c>completion_tokens</c> from 0 to <see cref="MaxTokensPerCall"/>.
/// </summary>
public sealed class ChatCompletionsNarrator : INarrator
{
    /// <summary>The default body cap: 256 KiB, far above a 160-token completion.</summary>
    public const int DefaultMaxResponseBytes = 256 * 1024;

    /// <summary>Longest narrative accepted; 160 tokens are under a thousand characters.</summary>
    public const int MaxNarrativeChars = 4_000;

    /// <summary>Most tokens one call may report per type; more is not a count but garbage.</summary>
    public const long MaxTokensPerCall = 10_000_000;

    private const string Upstream = "groq /chat/completions";
    private readonly HttpClient _http;
    private readonly string _model;
    private readonly string _apiKey;
    private readonly int _maxResponseBytes;
    private readonly ReplyReader _reply = new(Upstream);

    /// <summary>Creates the client.</summary>
    /// <param name="http">A client whose base address is the API root, such as <c>https://api.groq.com/openai/v1/</c>.</param>
    /// <param name="model">The model asked for.</param>
    /// <param name="apiKey">The bearer token.</param>
    /// <param name="maxResponseBytes">Largest body read; a larger one fails as <c>response_too_large</c>.</param>
    public ChatCompletionsNarrator(HttpClient http, string model, string apiKey, int maxResponseBytes = DefaultMaxResponseBytes)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(apiKey);
        _http = http;
        _model = model;
        _apiKey = apiKey;
        _maxResponseBytes = SourceHttp.CheckCap(maxResponseBytes);
    }

    /// <inheritdoc />
    public string Provider => "groq";

    /// <inheritdoc />
    public string Model => _model;

    /// <inheritdoc />
    public async Task<Narrative> NarrateAsync(ScanResult scan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions")
        {
            Content = JsonContent.Create(new
            {
                model = _model,
                max_tokens = 160,
                temperature = 0.2,
                messages = new[]
                {
                    new { role = "system", content = NarrativePrompt.System },
                    new { role = "user", content = NarrativePrompt.Facts(scan) },
                },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        using var json = await SourceHttp.SendJsonAsync(_http, request, Upstream, _maxResponseBytes, cancellationToken).ConfigureAwait(false);
        var root = json.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out _))
        {
            throw _reply.Malformed("an error object instead of a completion");
        }

        _reply.Expect(root, JsonValueKind.Object, "the completion");
        var usage = _reply.Required(root, "usage", JsonValueKind.Object);
        return new Narrative(
            Text(root),
            Provider,
            _model,
            _reply.Integer(_reply.Required(usage, "prompt_tokens", JsonValueKind.Number), "'prompt_tokens'", 0, MaxTokensPerCall),
            _reply.Integer(_reply.Required(usage, "completion_tokens", JsonValueKind.Number), "'completion_tokens'", 0, MaxTokensPerCall));
    }

    private string Text(JsonElement root)
    {
        var choices = _reply.Required(root, "choices", JsonValueKind.Array);
        if (choices.GetArrayLength() == 0)
        {
            throw _reply.Malformed("no 'choices'");
        }

        var message = _reply.Required(choices[0], "message", JsonValueKind.Object);
        var text = _reply.Text(_reply.Required(message, "content", JsonValueKind.String), "'content'").Trim();
        return text.Length switch
        {
            0 => throw _reply.Malformed("a blank 'content'"),
            > MaxNarrativeChars => throw _reply.Malformed($"a 'content' longer than {MaxNarrativeChars} characters"),
            _ => text,
        };
    }
}
