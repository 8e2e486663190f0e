using System.Globalization;
using System.Text.RegularExpressions;
using AutoTrader.Cli.Tests.Operations;
using AutoTrader.Observability.AspNetCore.Tests;
using AutoTrader.Observability.Tests.Tracing;
using Xunit.Abstractions;

namespace AutoTrader.Cli.Tests;

/// <summary>
/// From a latency bucket to its trace on the real tools: <c>autotrader serve</c> tracing every
/// request and scan to the Aspire Dashboard over OTLP, and a real Prometheus (Debian package
/// <c>prometheus</c>, 2.42) with exemplar storage on, scraping the service with the shipped scrape
/// config (OpenMetrics, which Prometheus asks for first), asked for exemplars as Grafana's latency
/// panels ask. Without Prometheus or the dashboard the test fails when CI=true and otherwise passes
/// after writing why.
/// </summary>
public sealed partial class ExemplarEndToEndTests(AspireDashboard dashboard, ITestOutputHelper output) : IClassFixture<AspireDashboard>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Prometheus_stores_latency_exemplars_whose_trace_ids_the_otlp_backend_holds_as_traces()
    {
        if (dashboard.Unavailable is { } why)
        {
            output.WriteLine("NOT RUN: " + why);
            return;
        }

        if (ExternalTool.Find("prometheus", output) is not { } prometheusPath)
        {
            return;
        }

        var work = Directory.CreateTempSubdirectory("autotrader-exemplars-").FullName;
        int api = FreePort.Next(), metrics = FreePort.Next(), prometheusPort = FreePort.Next();
        Directory.CreateDirectory(Path.Combine(work, "prometheus", "rules"));
        File.WriteAllText(Path.Combine(work, "prometheus", "prometheus.yml"), ShippedConfigCopies.Prometheus(metrics, FreePort.Next()));
        File.WriteAllText(Path.Combine(work, "prometheus", "rules", "autotrader.rules.yml"), ShippedConfigCopies.Rules());
        File.WriteAllText(Path.Combine(work, "scanner.yaml"), "scanner:\n  watchlist: [BTC, ETH]\n  scan_interval_seconds: 1\n");
        File.WriteAllText(Path.Combine(work, "observability.yaml"), $$"""
            observability:
              tracing:
                sampling: { strategy: always_on }
                exporters:
                  otlp: { enabled: true, endpoint: "{{dashboard.GrpcUrl}}" }
              performance:
                span_export_delay_seconds: 0.2
            """);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var prometheusApi = new PrometheusHttpApi(http, prometheusPort);
        var service = AutotraderProcess.Start([
            "serve", "--config", Path.Combine(work, "observability.yaml"), "--scanner-config", Path.Combine(work, "scanner.yaml"),
            "--address", "127.0.0.1", "--api-port", api.ToString(CultureInfo.InvariantCulture), "--metrics-port", metrics.ToString(CultureInfo.InvariantCulture)]);
        ToolProcess? prometheus = null;
        try
        {
            prometheus = ToolProcess.Start(prometheusPath, [
                "--config.file=prometheus/prometheus.yml", "--storage.tsdb.path=prometheus-data",
                $"--web.listen-address=127.0.0.1:{prometheusPort}", "--enable-feature=exemplar-storage"], work);
            Assert.True(service.WaitForOutput("serve_started", TimeSpan.FromSeconds(30)), "serve did not start: " + service.Stderr);
            // The bucket series, and the latency panels' queries as Grafana sends them for exemplars.
            var queries = ShippedQueries.DashboardPanels().Where(p => p.Panel.EndsWith(" p95", StringComparison.Ordinal)).Select(p => p.Expr)
                .Prepend("scan_duration_seconds_bucket").Prepend("api_request_duration_seconds_bucket").ToList();
            Assert.Equal(5, queries.Count);
            var exemplars = queries.ToDictionary(q => q, _ => new List<StoredExemplar>());
            var deadline = DateTime.UtcNow + Deadline;
            while (DateTime.UtcNow < deadline && exemplars.Values.Any(e => e.Count == 0))
            {
                try
                {
                    using var _ = await http.GetAsync($"http://127.0.0.1:{api}/api/tokens");
                    foreach (var query in queries)
                    {
                        exemplars[query] = await prometheusApi.ExemplarsAsync(query, CancellationToken.None);
                    }
                }
                catch (HttpRequestException)
                {
                    // Prometheus still starting.
                }

                await Task.Delay(500);
            }

            Assert.True(exemplars.Values.All(e => e.Count > 0), $"no exemplars within {Deadline.TotalSeconds} s for: {string.Join("; ", exemplars.Where(e => e.Value.Count == 0).Select(e => e.Key))}\nPrometheus:\n{prometheus.Tail}");
            var target = Assert.Single(await prometheusApi.TargetsAsync(CancellationToken.None), t => t.Job == "autotrader");
            Assert.Equal(("up", ""), (target.Health, target.LastError));

            await AssertLeadToTracesAsync(exemplars["api_request_duration_seconds_bucket"], span => span.Name == "GET /api/tokens");
            await AssertLeadToTracesAsync(exemplars["scan_duration_seconds_bucket"], span => span.Name == "scan");
        }
        finally
        {
            prometheus?.Dispose();
            service.Dispose();
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Prometheus still flushing its storage; the folder is in the temp directory.
            }
        }
    }

    /// <summary>
    /// Each exemplar lies in its bucket and names a trace and span: the dashboard holds the trace,
    /// and in it the span the measurement was recorded in.
    /// </summary>
    private async Task AssertLeadToTracesAsync(List<StoredExemplar> exemplars, Func<ReceivedSpan, bool> isMeasuredSpan)
    {
        foreach (var exemplar in exemplars.DistinctBy(e => e.Labels["trace_id"]).Take(3))
        {
            Assert.Equal(["span_id", "trace_id"], exemplar.Labels.Keys.Order(StringComparer.Ordinal));
            Assert.Matches(TraceId(), exemplar.Labels["trace_id"]);
            var le = exemplar.SeriesLabels["le"];
            Assert.True(le == "+Inf" || exemplar.Value <= double.Parse(le, CultureInfo.InvariantCulture), $"exemplar {exemplar.Value} on bucket le={le}");

            // A trace's spans arrive in export batches: wait for the one the exemplar names.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            var spans = await dashboard.WaitForTraceAsync(exemplar.Labels["trace_id"], 1);
            while (!spans.Any(s => s.SpanId == exemplar.Labels["span_id"]) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
                spans = await dashboard.WaitForTraceAsync(exemplar.Labels["trace_id"], 1);
            }

            output.WriteLine($"{exemplar.SeriesLabels["__name__"]}{{le={le}}} {exemplar.Value}: trace {exemplar.Labels["trace_id"]}: {string.Join(", ", spans.Select(s => s.Name))}");
            var span = Assert.Single(spans, s => s.SpanId == exemplar.Labels["span_id"]);
            Assert.True(isMeasuredSpan(span), $"the exemplar's span is {span.Name}");
        }
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TraceId();
}
