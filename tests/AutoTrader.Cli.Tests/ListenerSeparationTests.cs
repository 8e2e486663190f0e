using System.Net;

namespace AutoTrader.Cli.Tests;

/// <summary>The API and the metrics endpoint are told apart by the port a connection arrived on, not by its Host header.</summary>
public sealed class ListenerSeparationTests : IClassFixture<ListenerSeparationTests.Server>
{
    private readonly RunningServe _serve;

    public ListenerSeparationTests(Server server) => _serve = server.Serve;

    [Theory]
    [InlineData("127.0.0.1:{metrics}")]
    [InlineData("scanner.example.com")]
    public async Task The_api_port_never_serves_the_metrics_whatever_the_host_header_says(string host)
    {
        var response = await GetAsync(_serve.Api, "/metrics", host);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("scan_requests_total", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:{api}", "/api/tokens")]
    [InlineData("127.0.0.1:{api}", "/health")]
    [InlineData("scanner.example.com", "/api/tokens")]
    public async Task The_metrics_port_never_serves_the_api_whatever_the_host_header_says(string host, string path)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(_serve.Metrics, path, host)).StatusCode);
    }

    [Theory]
    [InlineData("scanner.example.com")]
    [InlineData("127.0.0.1:{metrics}")]
    [InlineData("[::1]:443")]
    public async Task Any_host_header_reaches_the_api_and_the_metrics_on_their_own_ports(string host)
    {
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(_serve.Api, "/api/tokens", host)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(_serve.Api, "/health", host)).StatusCode);
        var metrics = await GetAsync(_serve.Metrics, "/metrics", host);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("# TYPE scan_requests_total counter", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_1_0_request_without_a_host_header_reaches_the_api()
    {
        var response = await RawHttp.SendAsync(_serve.ApiPort, "GET /api/tokens HTTP/1.0\r\n\r\n");

        Assert.Equal(200, RawHttp.StatusOf(response));
        Assert.Equal(404, RawHttp.StatusOf(await RawHttp.SendAsync(_serve.ApiPort, "GET /metrics HTTP/1.0\r\n\r\n")));
    }

    private async Task<HttpResponseMessage> GetAsync(Uri port, string path, string host)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(port, path));
        request.Headers.Host = host.Replace("{api}", _serve.ApiPort.ToString(), StringComparison.Ordinal).Replace("{metrics}", _serve.MetricsPort.ToString(), StringComparison.Ordinal);
        return await http.SendAsync(request);
    }

    public sealed class Server : IDisposable
    {
        internal RunningServe Serve { get; } = new();

        public void Dispose() => Serve.Dispose();
    }
}
