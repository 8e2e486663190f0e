using System.Net;
using System.Text.Json;

namespace AutoTrader.Cli.Tests;

/// <summary>/alive answers while the process does; /health says what each check found, and can fail.</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task A_serving_replica_is_healthy_with_one_entry_per_check()
    {
        using var serve = new RunningServe();
        using var http = new HttpClient();

        var (status, health) = await WaitForHealthAsync(http, serve.Api, h => h.GetProperty("checks").GetProperty("scan_loop").GetProperty("description").GetString()!.StartsWith("last round", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal("autotrader", health.GetProperty("service").GetString());
        var checks = health.GetProperty("checks").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString());
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["listeners"] = "healthy",
                ["scan_loop"] = "healthy",
                ["circuit_breaker:coingecko/coins/markets"] = "healthy",
                ["circuit_breaker:binance/orderbook"] = "healthy",
            },
            checks);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(serve.Api, "/alive"))).StatusCode);
    }

    [Fact]
    public async Task An_open_breaker_makes_the_replica_degraded_but_still_ready()
    {
        const string scanner = """
            scanner:
              scan_interval_seconds: 0.5
              binance: { fault_error_rate: 1.0, cache_ttl_seconds: 0 }
              circuit_breaker: { minimum_throughput: 2, break_seconds: 300 }
            """;
        using var serve = new RunningServe(scanner);
        using var http = new HttpClient();

        var (status, health) = await WaitForHealthAsync(http, serve.Api, h => h.GetProperty("status").GetString() != "healthy");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        var breaker = health.GetProperty("checks").GetProperty("circuit_breaker:binance/orderbook");
        Assert.Equal("degraded", breaker.GetProperty("status").GetString());
        Assert.StartsWith("open", breaker.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("healthy", health.GetProperty("checks").GetProperty("circuit_breaker:coingecko/coins/markets").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_stalled_scan_loop_makes_the_replica_unhealthy_while_it_stays_alive()
    {
        // Every source call hangs for ten minutes (the timeout allows it): the first round never completes.
        const string scanner = """
            scanner:
              scan_interval_seconds: 0.5
              coingecko: { fault_latency_ms: 600000, timeout_seconds: 300 }
              binance: { fault_latency_ms: 600000, timeout_seconds: 300 }
            """;
        using var serve = new RunningServe(scanner);
        using var http = new HttpClient();

        var (status, health) = await WaitForHealthAsync(http, serve.Api, h => h.GetProperty("status").GetString() == "unhealthy");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var loop = health.GetProperty("checks").GetProperty("scan_loop");
        Assert.Equal("unhealthy", loop.GetProperty("status").GetString());
        Assert.Contains("no round completed", loop.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(serve.Api, "/alive"))).StatusCode);
    }

    [Fact]
    public async Task The_metrics_server_has_the_same_endpoints_on_its_port()
    {
        var port = FreePort.Next();
        using var p = AutotraderProcess.Start(["metrics-server", "--port", port.ToString()]);
        Assert.True(p.WaitForOutput("metrics_server_started", TimeSpan.FromSeconds(30)), "metrics-server did not start: " + p.Stderr);
        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{port}");

        var (status, health) = await WaitForHealthAsync(http, url, h => h.GetProperty("checks").TryGetProperty("scan_loop", out _));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(health.GetProperty("checks").TryGetProperty("circuit_breaker:binance/orderbook", out _));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(url, "/alive"))).StatusCode);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Health)> WaitForHealthAsync(HttpClient http, Uri server, Func<JsonElement, bool> until)
    {
        for (var i = 0; ; i++)
        {
            var response = await http.GetAsync(new Uri(server, "/health"));
            var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            if (until(health) || i == 150)
            {
                Assert.True(until(health), "health did not reach the expected state within 15 s: " + health);
                return (response.StatusCode, health);
            }

            await Task.Delay(100);
        }
    }
}
