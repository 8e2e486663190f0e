using System.Net;
using System.Text.Json;

namespace AutoTrader.Cli.Tests;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_offline_answers_the_api_and_exposes_every_family_of_the_guide()
    {
        int api = FreePort.Next(), metrics = FreePort.Next();
        using var p = AutotraderProcess.Start(["serve", "--api-port", api.ToString(), "--metrics-port", metrics.ToString()]);
        Assert.True(p.WaitForOutput("serve_started", TimeSpan.FromSeconds(30)), "serve did not start: " + p.Stderr);
        using var http = new HttpClient();

        var tokens = await WaitForTokensAsync(http, $"http://127.0.0.1:{api}/api/tokens");
        Assert.Contains(tokens, t => t.GetProperty("symbol").GetString() == "BTC");
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"http://127.0.0.1:{api}/api/scan/ADA", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"http://127.0.0.1:{api}/api/scan/BTC", null)).StatusCode); // served from the cache
        var bad = await http.GetAsync($"http://127.0.0.1:{api}/api/tokens/bad%22%0Asymbol");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("validation_error", JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{api}/api/tokens/ZZZ")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync($"http://127.0.0.1:{api}/api/scan/ZZZ", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{api}/health")).StatusCode);

        var page = await http.GetStringAsync($"http://127.0.0.1:{metrics}/metrics");
        foreach (var family in new[]
        {
            "scan_requests_total{", "scan_duration_seconds_bucket{", "scan_errors_total{", "gem_score_distribution_bucket{",
            "confidence_score_distribution_bucket{", "flagged_tokens_total{", "data_source_requests_total{",
            "data_source_latency_seconds_bucket{", "data_source_cache_hits_total{", "data_source_cache_misses_total{",
            "circuit_breaker_state{", "api_requests_total{", "api_request_duration_seconds_bucket{", "api_errors_total{",
            "active_api_requests{", "llm_requests_total{", "llm_latency_seconds_bucket{", "llm_tokens_used_total{", "llm_cost_usd_total{",
        })
        {
            Assert.Contains("\n" + family, page, StringComparison.Ordinal);
        }

        Assert.Contains("api_requests_total{endpoint=\"/api/tokens/{symbol}\",method=\"GET\",status_code=\"400\"} 1", page, StringComparison.Ordinal);
        // target_info left out: its service_instance_id is a random GUID, which spells "bad" now and then.
        Assert.DoesNotContain("bad", string.Join('\n', page.Split('\n').Where(l => !l.StartsWith("target_info{", StringComparison.Ordinal))), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{api}/metrics")).StatusCode);

        Assert.True(p.Terminate(TimeSpan.FromSeconds(15)), "serve did not stop on SIGTERM");
        Assert.Equal(0, p.ExitCode);
        Assert.Contains("\"event\":\"serve_stopped\"", p.Stdout, StringComparison.Ordinal);
        Assert.All(p.StdoutLines, line => JsonDocument.Parse(line));
        Assert.Contains(p.StdoutLines, l => l.Contains("\"event\":\"scan_completed\"", StringComparison.Ordinal));
        var access = p.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("event").GetString() == "http_request").ToList();
        var badRequest = Assert.Single(access, l => l.GetProperty("status_code").GetInt32() == 400);
        Assert.Equal("GET", badRequest.GetProperty("method").GetString());
        Assert.Equal("/api/tokens/{symbol}", badRequest.GetProperty("route").GetString());
        Assert.Equal("INFO", badRequest.GetProperty("level").GetString());
        Assert.InRange(badRequest.GetProperty("duration_seconds").GetDouble(), 0, 10);
        Assert.DoesNotContain(access, l => l.GetProperty("route").GetString() == "/metrics");
        // No raw path and no hosting scope: the hostile symbol appears in no value. Values, not the raw text,
        // because random trace and span ids are hex and spell "bad" in about one run in fifteen.
        Assert.DoesNotContain(access, l => l.EnumerateObject().Any(f => f.Value.ValueKind == JsonValueKind.String
            && f.Value.GetString()!.Contains("bad", StringComparison.Ordinal) && f.Name is not ("trace_id" or "span_id" or "ConnectionId")));
    }

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

    private static async Task<List<JsonElement>> WaitForTokensAsync(HttpClient http, string url)
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
