using System.Net;
using System.Text.Json;

namespace AutoTrader.Scanner.Sources;

/// <summary>Turns HTTP and JSON failures into <see cref="DataSourceException"/>s with their error type.</summary>
internal static class SourceHttp
{
    public static async Task<JsonDocument> GetJsonAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        return await SendJsonAsync(http, request, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<JsonDocument> SendJsonAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri?.ToString() ?? "";
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DataSourceException("timeout", $"no answer from {http.BaseAddress} within {http.Timeout.TotalSeconds:F0} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new DataSourceException("connection_error", e.Message, e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throw new DataSourceException("rate_limited", $"{url} answered 429 Too Many Requests");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new DataSourceException("http_error", $"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            try
            {
                var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                return await JsonDocument.ParseAsync(body, default, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw new DataSourceException("malformed_response", $"{url} answered invalid JSON: {e.Message}", e);
            }
        }
    }

    /// <summary>Reads a required property, failing as a malformed response when it is missing or of another type.</summary>
    public static T Required<T>(JsonElement element, string property, Func<JsonElement, T> read)
    {
        try
        {
            return element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null
                ? read(value)
                : throw new DataSourceException("malformed_response", $"response lacks '{property}'");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException or IndexOutOfRangeException)
        {
            throw new DataSourceException("malformed_response", $"response has an invalid '{property}': {e.Message}", e);
        }
    }
}
