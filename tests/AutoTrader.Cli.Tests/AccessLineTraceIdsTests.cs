using System.Text.Json;

namespace AutoTrader.Cli.Tests;

/// <summary>Every access line of a real <c>serve</c> at the default sampling carries its trace id and whether it was sampled.</summary>
public sealed class AccessLineTraceIdsTests
{
    [Fact]
    public async Task At_the_default_ten_percent_every_access_line_has_a_trace_id_and_trace_sampled_tells_whether_its_span_was_exported()
    {
        const int Requests = 200;
        using var serve = new RunningServe(observabilityYaml: """
            observability:
              tracing:
                exporters:
                  console: { enabled: true }
            """);
        using (var http = new HttpClient())
        {
            for (var i = 0; i < Requests; i++)
            {
                (await http.GetAsync(new Uri(serve.Api, "/api/tokens"))).EnsureSuccessStatusCode();
            }
        }

        Assert.True(serve.Process.Terminate(TimeSpan.FromSeconds(15)), "serve did not stop on SIGTERM"); // flushes the spans

        var access = serve.Process.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("event").GetString() == "http_request").ToList();
        var serverSpans = serve.Process.StderrLines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(s => s.GetProperty("kind").GetString() == "server").Select(s => s.GetProperty("trace_id").GetString()).ToHashSet();
        Assert.Equal(Requests, access.Count);
        Assert.All(access, l => Assert.Matches("^[0-9a-f]{32}$", l.GetProperty("trace_id").GetString()));
        Assert.Equal(Requests, access.Select(l => l.GetProperty("trace_id").GetString()).Distinct().Count());
        Assert.All(access, l => Assert.Equal(serverSpans.Contains(l.GetProperty("trace_id").GetString()), l.GetProperty("trace_sampled").GetBoolean()));
        var sampled = access.Count(l => l.GetProperty("trace_sampled").GetBoolean());
        Assert.InRange(sampled, 1, 41); // 20 expected, sigma 4.2
    }
}
