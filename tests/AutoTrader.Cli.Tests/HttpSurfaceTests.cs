using System.Net;
using System.Text.Json;

namespace AutoTrader.Cli.Tests;

/// <summary>What a client sees of the service besides the data: methods, headers, error answers.</summary>
public sealed class HttpSurfaceTests : IClassFixture<HttpSurfaceTests.Server>
{
    private readonly RunningServe _serve;

    public HttpSurfaceTests(Server server) => _serve = server.Serve;

    [Theory]
    [InlineData("api", "/api/tokens")]
    [InlineData("api", "/api/tokens/BTC")]
    [InlineData("api", "/health")]
    [InlineData("api", "/alive")]
    [InlineData("metrics", "/metrics")]
    public async Task Get_routes_answer_head_with_the_same_status_and_no_body(string port, string path)
    {
        using var http = new HttpClient();
        var url = new Uri(port == "api" ? _serve.Api : _serve.Metrics, path);
        var get = await WaitForOkAsync(http, url);

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("api", "/api/tokens")]
    [InlineData("api", "/health")]
    [InlineData("api", "/nowhere")]
    [InlineData("metrics", "/metrics")]
    public async Task No_answer_names_the_server_software(string port, string path)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(port == "api" ? _serve.Api : _serve.Metrics, path));

        Assert.False(response.Headers.Contains("Server"), "Server: " + string.Join(", ", response.Headers.Server));
    }

    private static async Task<HttpResponseMessage> WaitForOkAsync(HttpClient http, Uri url)
    {
        // /api/tokens/BTC exists once the first background round has stored BTC.
        for (var i = 0; ; i++)
        {
            var response = await http.GetAsync(url);
            if (response.StatusCode == HttpStatusCode.OK || i == 100)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return response;
            }

            await Task.Delay(100);
        }
    }

    public sealed class Server : IDisposable
    {
        internal RunningServe Serve { get; } = new();

        public void Dispose() => Serve.Dispose();
    }
}

/// <summary>Usage errors end like configuration errors: a message on stderr, nothing on stdout, exit code 2.</summary>
public sealed class UsageErrorTests
{
    [Theory]
    [InlineData("--api-port", "serve", "--api-port", "abc")]
    [InlineData("--drain-timeout", "serve", "--drain-timeout", "-5")]
    [InlineData("--port", "metrics-server", "--port", "abc")]
    [InlineData("--bogus", "check-config", "--bogus")]
    [InlineData("command", "frobnicate")]
    public void A_command_line_that_does_not_parse_is_reported_on_stderr_with_exit_code_2(string named, params string[] args)
    {
        using var p = AutotraderProcess.Run(args);

        Assert.Equal(2, p.ExitCode);
        Assert.Empty(p.Stdout);
        Assert.Contains(named, p.Stderr, StringComparison.Ordinal);
        Assert.Contains("--help", p.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>While a source's circuit breaker is open, a scan is refused with 503 and a time to come back.</summary>
public sealed class BreakerAnswerTests
{
    [Fact]
    public async Task A_scan_refused_by_open_breakers_is_503_with_retry_after_the_break()
    {
        const string scanner = """
            scanner:
              watchlist: []
              coingecko: { fault_error_rate: 1.0, cache_ttl_seconds: 0 }
              binance: { fault_error_rate: 1.0, cache_ttl_seconds: 0 }
              circuit_breaker: { minimum_throughput: 2, failure_ratio: 0.5, sampling_seconds: 30, break_seconds: 119.5 }
            """;
        using var serve = new RunningServe(scanner);
        using var http = new HttpClient();

        HttpResponseMessage response;
        var statuses = new List<HttpStatusCode>();
        do
        {
            response = await http.PostAsync(new Uri(serve.Api, "/api/scan/ADA"), null);
            statuses.Add(response.StatusCode);
        }
        while (response.StatusCode == HttpStatusCode.BadGateway && statuses.Count < 10);

        Assert.Equal(HttpStatusCode.BadGateway, statuses[0]); // the injected faults themselves
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("120", Assert.Single(response.Headers.GetValues("Retry-After")));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("circuit_open", body.GetProperty("error").GetString());
    }
}
