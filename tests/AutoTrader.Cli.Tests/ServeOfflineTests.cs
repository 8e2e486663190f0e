using System.Net;
using System.Text.Json;

namespace AutoTrader.Cli.Tests;

/// <summary>
/// <c>autotrader serve</c> on the shipped configuration (offline), asked one sequence of requests,
/// scraped, then stopped with SIGTERM (<see cref="Session"/>); each test reads one behaviour from it.
/// </summary>
public sealed class ServeOfflineTests(ServeOfflineTests.Session session) : IClassFixture<ServeOfflineTests.Session>
{
    private static readonly string[] GuideFamilies =
    [
        "scan_requests_total{", "scan_duration_seconds_bucket{", "scan_errors_total{", "gem_score_distribution_bucket{",
        "confidence_score_distribution_bucket{", "flagged_tokens_total{", "data_source_requests_total{",
        "data_source_latency_seconds_bucket{", "data_source_cache_hits_total{", "data_source_cache_misses_total{",
        "circuit_breaker_state{", "api_requests_total{", "api_request_duration_seconds_bucket{", "api_errors_total{",
        "active_api_requests{", "llm_requests_total{", "llm_latency_seconds_bucket{", "llm_tokens_used_total{", "llm_cost_usd_total{",
    ];

    [Fact]
    public void Serve_offline_answers_the_api_from_its_background_scans()
    {
        Assert.Contains(session.Tokens, t => t.GetProperty("symbol").GetString() == "BTC");
        Assert.Equal(HttpStatusCode.OK, session.ScanAda);
        Assert.Equal(HttpStatusCode.OK, session.ScanBtc); // served from the cache
        Assert.Equal(HttpStatusCode.OK, session.Health);
    }

    [Fact]
    public void Serve_offline_rejects_a_hostile_symbol_and_does_not_find_an_unknown_one()
    {
        Assert.Equal(HttpStatusCode.BadRequest, session.HostileSymbol);
        Assert.Equal("validation_error", session.HostileSymbolError);
        Assert.Equal(HttpStatusCode.NotFound, session.UnknownToken);
        Assert.Equal(HttpStatusCode.NotFound, session.UnknownScan);
    }

    [Fact]
    public void Serve_offline_exposes_every_family_of_the_guide_on_the_metrics_port_only()
    {
        foreach (var family in GuideFamilies)
        {
            Assert.Contains("\n" + family, session.MetricsPage, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, session.MetricsOnApiPort);
    }

    [Fact]
    public void Serve_offline_counts_the_rejected_request_by_route_and_never_by_its_raw_path()
    {
        Assert.Contains("api_requests_total{endpoint=\"/api/tokens/{symbol}\",method=\"GET\",status_code=\"400\"} 1", session.MetricsPage, StringComparison.Ordinal);
        // target_info left out: its service_instance_id is a random GUID, which spells "bad" now and then.
        Assert.DoesNotContain("bad", string.Join('\n', session.MetricsPage.Split('\n').Where(l => !l.StartsWith("target_info{", StringComparison.Ordinal))), StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_offline_stops_on_SIGTERM_with_exit_code_0_having_written_only_json_lines()
    {
        Assert.True(session.Stopped, "serve did not stop on SIGTERM");
        Assert.Equal(0, session.ExitCode);
        Assert.Contains("\"event\":\"serve_stopped\"", session.Stdout, StringComparison.Ordinal);
        Assert.All(session.StdoutLines, line => JsonDocument.Parse(line));
        Assert.Contains(session.StdoutLines, l => l.Contains("\"event\":\"scan_completed\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Serve_offline_writes_an_access_line_per_api_request_by_route_and_never_with_the_raw_path()
    {
        var access = session.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement)
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

    /// <summary>The run the tests read: the requests in this order (the scrape counts the 400 before it), then SIGTERM.</summary>
    public sealed class Session : IAsyncLifetime
    {
        private readonly RunningServe _serve = new();

        public List<JsonElement> Tokens { get; private set; } = [];

        public HttpStatusCode ScanAda { get; private set; }

        public HttpStatusCode ScanBtc { get; private set; }

        public HttpStatusCode HostileSymbol { get; private set; }

        public string? HostileSymbolError { get; private set; }

        public HttpStatusCode UnknownToken { get; private set; }

        public HttpStatusCode UnknownScan { get; private set; }

        public HttpStatusCode Health { get; private set; }

        public string MetricsPage { get; private set; } = "";

        public HttpStatusCode MetricsOnApiPort { get; private set; }

        public bool Stopped { get; private set; }

        public int ExitCode { get; private set; }

        public string Stdout => _serve.Process.Stdout;

        public IReadOnlyList<string> StdoutLines => _serve.Process.StdoutLines;

        public async Task InitializeAsync()
        {
            using var http = new HttpClient();
            Uri Api(string path) => new(_serve.Api, path);

            Tokens = await ServeCommandTests.WaitForTokensAsync(http, Api("/api/tokens").ToString());
            ScanAda = (await http.PostAsync(Api("/api/scan/ADA"), null)).StatusCode;
            ScanBtc = (await http.PostAsync(Api("/api/scan/BTC"), null)).StatusCode;
            var bad = await http.GetAsync(Api("/api/tokens/bad%22%0Asymbol"));
            HostileSymbol = bad.StatusCode;
            HostileSymbolError = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
            UnknownToken = (await http.GetAsync(Api("/api/tokens/ZZZ"))).StatusCode;
            UnknownScan = (await http.PostAsync(Api("/api/scan/ZZZ"), null)).StatusCode;
            Health = (await http.GetAsync(Api("/health"))).StatusCode;

            MetricsPage = await http.GetStringAsync(new Uri(_serve.Metrics, "/metrics"));
            MetricsOnApiPort = (await http.GetAsync(Api("/metrics"))).StatusCode;

            Stopped = _serve.Process.Terminate(TimeSpan.FromSeconds(15));
            ExitCode = Stopped ? _serve.Process.ExitCode : -1;
        }

        public Task DisposeAsync()
        {
            _serve.Dispose();
            return Task.CompletedTask;
        }
    }
}
