namespace AutoTrader.Cli.Tests;

/// <summary><c>metrics.framework_meters</c> on a real <c>serve</c>'s <c>/metrics</c>.</summary>
public sealed class FrameworkMetersServeTests
{
    private static readonly string[] FrameworkPrefixes = ["# TYPE http_server_", "# TYPE kestrel_", "# TYPE aspnetcore_", "# TYPE http_client_", "# TYPE dns_"];

    [Fact]
    public async Task By_default_a_serve_exposes_no_framework_family()
    {
        using var serve = new RunningServe();
        using var http = new HttpClient();
        await http.GetAsync(new Uri(serve.Api, "/api/tokens"));

        var page = await ScrapeUntilAsync(http, serve, "api_requests_total{");

        Assert.Contains("api_requests_total{", page, StringComparison.Ordinal);
        Assert.All(FrameworkPrefixes, prefix => Assert.DoesNotContain(prefix, page, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_framework_meters_a_serve_exposes_its_requests_connections_and_outgoing_calls_with_their_types()
    {
        var nobodyListens = FreePort.Next(); // every span export is an outgoing call that fails
        using var serve = new RunningServe(observabilityYaml: $$"""
            observability:
              metrics: { framework_meters: true }
              tracing:
                sampling: { strategy: always_on }
                exporters:
                  otlp: { enabled: true, endpoint: "http://127.0.0.1:{{nobodyListens}}" }
              performance:
                span_export_delay_seconds: 0.2
            """);
        using (var api = new HttpClient())
        {
            await api.GetAsync(new Uri(serve.Api, "/api/tokens")); // a span to export; the connection closes with the client
        }

        using var http = new HttpClient();
        // The failed call's duration is recorded when it ends; its open-connection and active-request
        // series (same server_port) appear before that, so wait for the duration itself.
        var page = await ScrapeUntilAsync(http, serve, $"server_port=\"{nobodyListens}\"", "http_client_request_duration_seconds_count{", "kestrel_connection_duration_seconds_count{");

        Assert.Contains("# TYPE http_server_request_duration_seconds histogram\n", page, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/api/tokens\"", page, StringComparison.Ordinal);
        Assert.Contains("# TYPE kestrel_active_connections gauge\n", page, StringComparison.Ordinal);
        Assert.Contains($"kestrel_active_connections{{network_transport=\"tcp\",network_type=\"ipv4\",server_address=\"127.0.0.1\",server_port=\"{serve.MetricsPort}\"}} 1\n", page, StringComparison.Ordinal);
        Assert.Contains("# TYPE kestrel_connection_duration_seconds histogram\n", page, StringComparison.Ordinal);
        Assert.Contains("# TYPE http_client_request_duration_seconds histogram\n", page, StringComparison.Ordinal);
        Assert.Matches($"\nhttp_client_request_duration_seconds_count\\{{[^}}]*error_type=\"[a-z_]+\"[^}}]*server_port=\"{nobodyListens}\"", page);
    }

    /// <summary>Scrapes until every one of <paramref name="expected"/> is on the page, at most 20 s.</summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient http, RunningServe serve, params string[] expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var page = await http.GetStringAsync(new Uri(serve.Metrics, "/metrics"));
            if (expected.All(e => page.Contains(e, StringComparison.Ordinal)) || DateTime.UtcNow > deadline)
            {
                return page;
            }

            await Task.Delay(100);
        }
    }
}
