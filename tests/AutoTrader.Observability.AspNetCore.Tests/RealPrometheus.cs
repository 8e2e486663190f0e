using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace AutoTrader.Observability.AspNetCore.Tests;

/// <summary>A real Prometheus server on a free loopback port, scraping every second, killed when disposed.</summary>
internal sealed class RealPrometheus : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _directory;
    private readonly StringBuilder _log = new();
    private readonly HttpClient _client;

    private RealPrometheus(Process process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    /// <summary>
    /// Starts Prometheus with <paramref name="scrapeConfigs"/> (the YAML list under
    /// <c>scrape_configs:</c>, its items indented by two spaces), or returns null when it is not installed
    /// outside CI. <paramref name="directory"/> holds the configuration and the data and is deleted on dispose;
    /// <paramref name="features"/> go to <c>--enable-feature</c>.
    /// </summary>
    public static async Task<RealPrometheus?> StartAsync(ITestOutputHelper output, string scrapeConfigs, DirectoryInfo? directory = null, params string[] features)
    {
        var prometheus = ExternalTool.Find("prometheus", output);
        if (prometheus is null)
        {
            return null;
        }

        directory ??= Directory.CreateTempSubdirectory("autotrader-prometheus-");
        var port = ExternalTool.FreePort();
        var config = Path.Combine(directory.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, "global:\n  scrape_interval: 1s\nscrape_configs:\n" + scrapeConfigs);
        var info = new ProcessStartInfo(prometheus)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList =
            {
                "--config.file=" + config,
                "--storage.tsdb.path=" + Path.Combine(directory.FullName, "data"),
                $"--web.listen-address=127.0.0.1:{port}",
            },
        };
        if (features.Length > 0)
        {
            info.ArgumentList.Add("--enable-feature=" + string.Join(',', features));
        }

        return new RealPrometheus(Process.Start(info)!, directory, port);
    }

    /// <summary>Runs <paramref name="promql"/> until it returns exactly one series (at most 60 s) and returns it.</summary>
    public async Task<(double Value, Dictionary<string, string> Labels)> QueryUntilPresentAsync(string promql)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                var json = await _client.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
                using var document = JsonDocument.Parse(json);
                var result = document.RootElement.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() == 1)
                {
                    var sample = result[0];
                    var labels = sample.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
                    return (double.Parse(sample.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture), labels);
                }
            }
            catch (HttpRequestException)
            {
                // Prometheus is still starting.
            }

            await Task.Delay(250);
        }

        throw new XunitException($"PromQL `{promql}` returned no single series within 60 s. Prometheus log:\n{Log}");
    }

    /// <summary>Every series <paramref name="promql"/> returns now, with its labels and value.</summary>
    public async Task<List<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        var json = await _client.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(s => (s.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                double.Parse(s.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>The trace ids of the exemplars Prometheus keeps for <paramref name="promql"/> (needs the exemplar-storage feature).</summary>
    public async Task<List<string>> ExemplarTraceIdsAsync(string promql)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var json = await _client.GetStringAsync($"/api/v1/query_exemplars?query={Uri.EscapeDataString(promql)}&start={now - 600}&end={now + 60}");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("data").EnumerateArray()
            .SelectMany(series => series.GetProperty("exemplars").EnumerateArray())
            .Select(e => e.GetProperty("labels").GetProperty("trace_id").GetString()!)
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _directory.Delete(recursive: true);
    }

    private string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
