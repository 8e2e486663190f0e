using System.Text.Json;

namespace AutoTrader.Cli.Tests.Operations;

/// <summary>The two calls of Prometheus's HTTP API the end-to-end test needs: an instant query and the alert list.</summary>
internal sealed class PrometheusHttpApi(HttpClient http, int port)
{
    private readonly string _base = $"http://127.0.0.1:{port}";

    /// <summary>How many series (or 1 for a scalar) <paramref name="expr"/> returns now; throws with Prometheus's error on a bad query.</summary>
    public async Task<int> CountSeriesAsync(string expr, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"{_base}/api/v1/query?query={Uri.EscapeDataString(expr)}", cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var root = body.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus rejected `{expr}`: {root.GetProperty("error").GetString()}");
        }

        var data = root.GetProperty("data");
        return data.GetProperty("resultType").GetString() is "vector" or "matrix" ? data.GetProperty("result").GetArrayLength() : 1;
    }

    /// <summary>The alerts Prometheus holds now, pending or firing.</summary>
    public async Task<List<(string Name, string State, Dictionary<string, string> Labels)>> AlertsAsync(CancellationToken cancellationToken)
    {
        using var body = JsonDocument.Parse(await http.GetStringAsync($"{_base}/api/v1/alerts", cancellationToken));
        return [.. body.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray().Select(a =>
        {
            var labels = a.GetProperty("labels").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!);
            return (labels["alertname"], a.GetProperty("state").GetString()!, labels);
        })];
    }

    /// <summary>True once <c>/-/ready</c> answers 200.</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"{_base}/-/ready", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false; // not listening yet, or too busy starting to answer within the client's timeout
        }
    }
}
