using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace AutoTrader.Scanner.Sources;

/// <summary>
/// Sends a request to an upstream and returns its 2xx JSON body, turning every other outcome into a
/// <see cref="DataSourceException"/> with its error type. Messages name the upstream (its source and
/// endpoint label), never the URL.
/// </summary>
internal static class SourceHttp
{
    /// <summary>Deepest nesting accepted in a reply; the documented replies nest four levels at most.</summary>
    public const int MaxJsonDepth = 32;

    /// <summary>The data sources' default body cap: 4 MiB, far above their answers of a few kilobytes.</summary>
    public const int DefaultMaxResponseBytes = 4 * 1024 * 1024;

    /// <summary>Largest body cap a client accepts, so that the read buffer always fits an array.</summary>
    public const int MaxResponseBytesLimit = 256 * 1024 * 1024;

    private const int InitialBufferBytes = 16 * 1024;

    /// <summary><paramref name="maxResponseBytes"/>, when it is a cap a client accepts (1 to <see cref="MaxResponseBytesLimit"/>).</summary>
    public static int CheckCap(int maxResponseBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxResponseBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxResponseBytes, MaxResponseBytesLimit);
        return maxResponseBytes;
    }

    public static async Task<JsonDocument> GetJsonAsync(HttpClient http, string relativeUrl, string upstream, int maxResponseBytes, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relativeUrl);
        return await SendJsonAsync(http, request, upstream, maxResponseBytes, cancellationToken).ConfigureAwait(false);
    }

    /// <param name="http">The client; its <see cref="HttpClient.Timeout"/> bounds the headers and the body.</param>
    /// <param name="request">What to send.</param>
    /// <param name="upstream">The source and endpoint, as messages name them: <c>coingecko /coins/markets</c>.</param>
    /// <param name="maxResponseBytes">The body cap: larger bodies fail as <c>response_too_large</c>, unread past the cap.</param>
    /// <param name="cancellationToken">The caller's token; its cancellation is rethrown as such, not as an error.</param>
    public static async Task<JsonDocument> SendJsonAsync(HttpClient http, HttpRequestMessage request, string upstream, int maxResponseBytes, CancellationToken cancellationToken)
    {
        // HttpClient.Timeout ends when the headers arrive if the body is streamed; this deadline covers the body too.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (http.Timeout != Timeout.InfiniteTimeSpan)
        {
            deadline.CancelAfter(http.Timeout);
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            ThrowIfNotSuccess(response.StatusCode, upstream);
            var body = await ReadCappedAsync(response.Content, upstream, maxResponseBytes, deadline.Token).ConfigureAwait(false);
            return Parse(body, upstream);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DataSourceException("timeout", string.Create(CultureInfo.InvariantCulture, $"{upstream} did not answer within {http.Timeout.TotalSeconds:0.###} s"), e);
        }
        catch (HttpRequestException e)
        {
            throw new DataSourceException("connection_error", $"{upstream} could not be reached or broke off ({e.HttpRequestError})", e);
        }
        catch (IOException e)
        {
            throw new DataSourceException("connection_error", $"{upstream} broke off the connection while sending its body", e);
        }
    }

    private static void ThrowIfNotSuccess(HttpStatusCode status, string upstream)
    {
        var code = (int)status;
        if (code is >= 200 and <= 299)
        {
            return;
        }

        throw new DataSourceException(code == 429 ? "rate_limited" : "http_error", $"{upstream} answered {StatusText(status)}") { HttpStatus = code };
    }

    /// <summary><c>503 Service Unavailable</c>, from the status code alone: the upstream's own reason phrase is not echoed.</summary>
    private static string StatusText(HttpStatusCode status)
    {
        var text = new StringBuilder(((int)status).ToString(CultureInfo.InvariantCulture));
        if (!Enum.IsDefined(status))
        {
            return text.ToString();
        }

        var name = status.ToString();
        text.Append(' ');
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && char.IsLower(name[i - 1]))
            {
                text.Append(' ');
            }

            text.Append(name[i]);
        }

        return text.ToString();
    }

    private static async Task<ReadOnlyMemory<byte>> ReadCappedAsync(HttpContent content, string upstream, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            throw TooLarge(upstream, maxBytes);
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // One byte more than the cap, so that reading it proves the body too large.
            var buffer = new byte[(int)Math.Min(maxBytes + 1L, (content.Headers.ContentLength ?? InitialBufferBytes) + 1)];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1L, buffer.Length * 2L));
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.AsMemory(0, length);
                }

                length += read;
                if (length > maxBytes)
                {
                    throw TooLarge(upstream, maxBytes);
                }
            }
        }
    }

    private static DataSourceException TooLarge(string upstream, int maxBytes) =>
        new("response_too_large", string.Create(CultureInfo.InvariantCulture, $"{upstream} answered a body larger than its cap of {maxBytes} bytes"));

    private static JsonDocument Parse(ReadOnlyMemory<byte> body, string upstream)
    {
        if (body.Span.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        if (body.IsEmpty)
        {
            throw new DataSourceException("malformed_response", $"{upstream} answered an empty body");
        }

        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
        }
        catch (JsonException e)
        {
            throw new DataSourceException("malformed_response", $"{upstream} answered invalid JSON: {e.Message}", e);
        }
    }
}
