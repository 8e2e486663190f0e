using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace AutoTrader.Observability.AspNetCore.Tests;

/// <summary>A real Prometheus scrapes the endpoint and PromQL returns what was recorded.</summary>
public sealed class PrometheusScrapeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Prometheus_scrapes_the_endpoint_and_promql_returns_the_recorded_values()
    {
        var prometheus = ExternalTool.Find("prometheus", output);
        if (prometheus is null)
        {
            return;
        }

        await using var host = await TestMetricsHost.StartAsync();
        EveryFamily.Record(host.Metrics);
        for (var i = 0; i < 6; i++)
        {
            host.Metrics.RecordScanRequest("BTC", "success");
        }

        // Ten API requests of 0.2 s all fall in the (0.1, 0.25] bucket: the median interpolates to 0.175.
        for (var i = 0; i < 10; i++)
        {
            host.Metrics.RecordApiDuration("GET", "/api/scan", 0.2);
        }

        var directory = Directory.CreateTempSubdirectory("autotrader-prometheus-");
        var port = ExternalTool.FreePort();
        var config = Path.Combine(directory.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: autotrader
                static_configs:
                  - targets: ['{host.BaseAddress.Authority}']
            """);
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
        using var process = Process.Start(info)!;
        var log = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var count = await QueryUntilPresentAsync(client, "scan_requests_total{token_symbol=\"BTC\",status=\"success\"}", process, log);
            var median = await QueryUntilPresentAsync(client, "histogram_quantile(0.5, sum by (le) (api_request_duration_seconds_bucket{endpoint=\"/api/scan\"}))", process, log);
            var hostile = await QueryUntilPresentAsync(client, "scan_requests_total{status=\"failure\"}", process, log);

            Assert.Equal(7, count.Value);
            Assert.Equal(0.175, median.Value, 9);
            Assert.Equal(EveryFamily.HostileValue, hostile.Labels["token_symbol"]);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            directory.Delete(recursive: true);
        }
    }

    private static async Task<(double Value, Dictionary<string, string> Labels)> QueryUntilPresentAsync(HttpClient client, string promql, Process process, System.Text.StringBuilder log)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                var json = await client.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
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

        string text;
        lock (log)
        {
            text = log.ToString();
        }

        throw new XunitException($"PromQL `{promql}` returned no single series within 60 s. Prometheus log:\n{text}");
    }
}
