using System.Net;
using System.Text.Json;

namespace AutoTrader.Cli.Tests;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_with_observability_off_answers_the_api_without_api_metrics_or_access_log()
    {
        int api = FreePort.Next(), metrics = FreePort.Next();
        using var p = AutotraderProcess.Start(["serve", "--api-port", api.ToString(), "--metrics-port", metrics.ToString(), "--observability", "off"]);
        Assert.True(p.WaitForOutput("serve_started", TimeSpan.FromSeconds(30)), "serve did not start: " + p.Stderr);
        using var http = new HttpClient();

        Assert.Contains(await WaitForTokensAsync(http, $"http://127.0.0.1:{api}/api/tokens"), t => t.GetProperty("symbol").GetString() == "BTC");
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{api}/api/tokens/ZZZ")).StatusCode);
        var page = await http.GetStringAsync($"http://127.0.0.1:{metrics}/metrics");
        Assert.Contains("\nscan_requests_total{", page, StringComparison.Ordinal);
        Assert.DoesNotContain("\napi_requests_total{", page, StringComparison.Ordinal);

        Assert.True(p.Terminate(TimeSpan.FromSeconds(15)), "serve did not stop on SIGTERM");
        Assert.Contains("\"api_instrumentation\":false", p.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\"event\":\"http_request\"", p.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_metrics_disabled_answers_the_api_records_nothing_and_opens_no_metrics_port()
    {
        using var config = new TempYamlFile("observability:\n  metrics:\n    enabled: false\n");
        int api = FreePort.Next(), metrics = FreePort.Next();
        using var p = AutotraderProcess.Start(["serve", "--config", config.Path, "--api-port", api.ToString(), "--metrics-port", metrics.ToString()]);
        Assert.True(p.WaitForOutput("serve_started", TimeSpan.FromSeconds(30)), "serve did not start: " + p.Stdout + p.Stderr);
        using var http = new HttpClient();

        Assert.Contains(await WaitForTokensAsync(http, $"http://127.0.0.1:{api}/api/tokens"), t => t.GetProperty("symbol").GetString() == "BTC");
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{metrics}/metrics"));
        Assert.True(p.Terminate(TimeSpan.FromSeconds(15)), "serve did not stop on SIGTERM");
        Assert.Contains("\"metrics_endpoint\":\"disabled\"", p.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"event\":\"scan_completed\"", p.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_console_span_exporter_writes_json_spans_to_stderr_and_leaves_stdout_to_the_log_lines()
    {
        using var config = new TempYamlFile("observability:\n  tracing:\n    sampling: { strategy: always_on }\n    exporters:\n      console: { enabled: true }\n");
        using var p = AutotraderProcess.Start(["serve", "--config", config.Path, "--api-port", FreePort.Next().ToString(), "--metrics-port", FreePort.Next().ToString()]);
        Assert.True(p.WaitForOutput("scan_completed", TimeSpan.FromSeconds(30)), "no scan: " + p.Stdout + p.Stderr);
        Assert.True(p.Terminate(TimeSpan.FromSeconds(15)), "serve did not stop on SIGTERM");

        Assert.All(p.StdoutLines, line => Assert.True(JsonDocument.Parse(line).RootElement.TryGetProperty("level", out _), "not a log line: " + line));
        var spans = p.StderrLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var scan = Assert.Single(spans, s => s.GetProperty("span").GetString() == "scan" && s.GetProperty("attributes").GetProperty("token_symbol").GetString() == "BTC");
        Assert.Contains(spans, s => s.GetProperty("span").GetString() == "data_source.fetch"
            && s.GetProperty("parent_span_id").GetString() == scan.GetProperty("span_id").GetString());
    }

    [Fact]
    public void Metrics_server_with_metrics_disabled_says_so_and_exits_2()
    {
        using var config = new TempYamlFile("observability:\n  metrics:\n    enabled: false\n");
        using var p = AutotraderProcess.Run(["metrics-server", "--config", config.Path, "--port", FreePort.Next().ToString()]);

        Assert.Equal(2, p.ExitCode);
        Assert.Contains("observability.metrics.enabled is false", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_rejects_an_unknown_observability_mode()
    {
        using var p = AutotraderProcess.Run(["serve", "--observability", "partial"]);
        Assert.NotEqual(0, p.ExitCode);
        Assert.Contains("partial", p.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The tokens <paramref name="url"/> lists once the first background scan has stored one (10 s at most).</summary>
    internal static async Task<List<JsonElement>> WaitForTokensAsync(HttpClient http, string url)
    {
        for (var i = 0; i < 100; i++)
        {
            var tokens = JsonDocument.Parse(await http.GetStringAsync(url)).RootElement.EnumerateArray().ToList();
            if (tokens.Count > 0)
            {
                return tokens;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("no background scan result within 10 s");
    }
}
