using System.Globalization;
using System.Text.Json;

namespace AutoTrader.Cli.Tests.Operations;

/// <summary>The calls of Prometheus's HTTP API the end-to-end tests need: an instant query, the alert list, the exemplars and the scrape targets.</summary>
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

    /// <summary>
    /// The series an instant query of <paramref name="expr"/> returns at <paramref name="time"/>
    /// (Unix seconds; now when null): each one's labels and its samples, one for a vector, every
    /// sample in the range for a range selector (a matrix).
    /// </summary>
    public async Task<List<(Dictionary<string, string> Labels, List<(double Time, double Value)> Samples)>> QueryAsync(string expr, double? time, CancellationToken cancellationToken)
    {
        var at = time is { } t ? "&time=" + t.ToString("F3", CultureInfo.InvariantCulture) : string.Empty;
        using var body = JsonDocument.Parse(await http.GetStringAsync($"{_base}/api/v1/query?query={Uri.EscapeDataString(expr)}{at}", cancellationToken));
        var data = body.RootElement.GetProperty("data");
        return [.. data.GetProperty("result").EnumerateArray().Select(series => (
            series.GetProperty("metric").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!),
            (series.TryGetProperty("values", out var values) ? values.EnumerateArray().ToList() : [series.GetProperty("value")])
                .Select(sample => (sample[0].GetDouble(), double.Parse(sample[1].GetString()!, CultureInfo.InvariantCulture))).ToList()))];
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

    /// <summary>The exemplars Prometheus stored for the series <paramref name="selector"/> selects, over the last hour.</summary>
    public async Task<List<StoredExemplar>> ExemplarsAsync(string selector, CancellationToken cancellationToken)
    {
        var end = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds();
        using var body = JsonDocument.Parse(await http.GetStringAsync(
            $"{_base}/api/v1/query_exemplars?query={Uri.EscapeDataString(selector)}&start={end - 3660}&end={end}", cancellationToken));
        return [.. body.RootElement.GetProperty("data").EnumerateArray().SelectMany(series =>
        {
            var labels = series.GetProperty("seriesLabels").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!);
            return series.GetProperty("exemplars").EnumerateArray().Select(e => new StoredExemplar(
                labels,
                e.GetProperty("labels").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!),
                double.Parse(e.GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        })];
    }

    /// <summary>Each active scrape target's health (<c>up</c>, <c>down</c>, <c>unknown</c>) and last scrape error.</summary>
    public async Task<List<(string Job, string Health, string LastError)>> TargetsAsync(CancellationToken cancellationToken)
    {
        using var body = JsonDocument.Parse(await http.GetStringAsync($"{_base}/api/v1/targets?state=active", cancellationToken));
        return [.. body.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray().Select(t => (
            t.GetProperty("labels").GetProperty("job").GetString()!,
            t.GetProperty("health").GetString()!,
            t.GetProperty("lastError").GetString()!))];
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

/// <summary>One exemplar as <c>/api/v1/query_exemplars</c> returns it: the series it belongs to, its labels and its value.</summary>
internal sealed record StoredExemplar(IReadOnlyDictionary<string, string> SeriesLabels, IReadOnlyDictionary<string, string> Labels, double Value);
