using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace AutoTrader.Cli.Tests;

/// <summary>SIGTERM drains the service; only past the drain timeout is anything cut off.</summary>
public sealed class GracefulShutdownTests
{
    // Every source call takes 2.5 s and nothing is cached, so a scan is in flight for that long.
    private const string SlowSources = """
        scanner:
          coingecko: { fault_latency_ms: 2500, cache_ttl_seconds: 0 }
          binance: { fault_latency_ms: 2500, cache_ttl_seconds: 0 }
        """;

    private const string ConsoleSpans = """
        observability:
          tracing:
            sampling: { strategy: always_on }
            exporters:
              console: { enabled: true }
        """;

    [Fact]
    public async Task Sigterm_lets_the_scan_in_flight_answer_flushes_its_spans_and_exits_0()
    {
        using var serve = new RunningServe(SlowSources, ConsoleSpans);
        using var http = new HttpClient();
        var scan = http.PostAsync(new Uri(serve.Api, "/api/scan/ADA"), null);
        await Task.Delay(700); // the request is in the server, its scan waiting on the sources

        Assert.True(serve.Process.Terminate(TimeSpan.FromSeconds(20)), "serve did not stop on SIGTERM");

        var response = await scan;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var traceId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("trace_id").GetString();
        Assert.Equal(0, serve.Process.ExitCode);
        var events = serve.Process.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetString()).ToList();
        Assert.Equal("serve_stopped", events[^1]);
        Assert.Contains("serve_stopping", events);
        Assert.Contains(serve.Process.StderrLines, l => l.Contains("\"span\":\"scan\"", StringComparison.Ordinal) && l.Contains(traceId!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Past_the_drain_timeout_the_stop_is_forced_logged_and_exits_1()
    {
        using var serve = new RunningServe(SlowSources, observabilityYaml: null, "--drain-timeout", "1");
        using var http = new HttpClient();
        var scan = http.PostAsync(new Uri(serve.Api, "/api/scan/ADA"), null);
        await Task.Delay(300);

        Assert.True(serve.Process.Terminate(TimeSpan.FromSeconds(20)), "serve did not stop on SIGTERM");

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => scan);
        Assert.Equal(1, serve.Process.ExitCode);
        var forced = Assert.Single(serve.Process.StdoutLines, l => l.Contains("\"event\":\"serve_stop_forced\"", StringComparison.Ordinal));
        Assert.Contains("\"level\":\"ERROR\"", forced, StringComparison.Ordinal);
    }

    [Fact]
    public void A_taken_port_is_one_clear_error_and_no_scan_runs()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        using var p = AutotraderProcess.Run(["serve", "--api-port", port.ToString(), "--metrics-port", FreePort.Next().ToString()]);

        Assert.Equal(1, p.ExitCode);
        Assert.Contains($"Cannot listen on 127.0.0.1:{port}", p.Stderr, StringComparison.Ordinal);
        var lines = p.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var error = Assert.Single(lines, l => l.GetProperty("level").GetString() is "ERROR" or "CRITICAL" or "WARNING");
        Assert.Equal("serve_failed", error.GetProperty("event").GetString());
        Assert.DoesNotContain(lines, l => l.GetProperty("event").GetString()!.StartsWith("scan_", StringComparison.Ordinal));
    }
}
