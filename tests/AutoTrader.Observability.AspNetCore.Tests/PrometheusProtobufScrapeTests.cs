using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace AutoTrader.Observability.AspNetCore.Tests;

/// <summary>
/// A real Prometheus with native histograms on asks for the protobuf exposition and stores what a
/// Prometheus reading OpenMetrics from the same endpoint stores: every series, value and exemplar.
/// </summary>
public sealed class PrometheusProtobufScrapeTests(ITestOutputHelper output)
{
    // Every family EveryFamily records, and target_info: values that do not move between two scrapes.
    private const string Recorded = "{job=\"autotrader\",__name__=~\"scan_.+|gem_.+|confidence_.+|flagged_.+|data_source_.+|circuit_breaker_.+|api_.+|active_api_requests|llm_.+|test_user_input_total|metric_cardinality_overflow_total|target_info\"}";

    [Fact]
    public async Task Prometheus_reads_the_protobuf_exposition_as_it_reads_openmetrics()
    {
        var contentTypes = new ConcurrentQueue<string>();
        await using var host = await TestMetricsHost.StartAsync(configure: app => app.Use(async (HttpContext context, RequestDelegate next) =>
        {
            await next(context);
            contentTypes.Enqueue(context.Response.ContentType ?? "");
        }));
        ActivityTraceId trace;
        using (var span = new Activity("protobuf-scrape") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start())
        {
            trace = span.TraceId;
            EveryFamily.Record(host.Metrics);
        }

        var job = $"""
              - job_name: autotrader
                static_configs:
                  - targets: ['{host.BaseAddress.Authority}']

            """;
        await using var protobuf = await RealPrometheus.StartAsync(output, job, features: ["native-histograms", "exemplar-storage"]);
        await using var openMetrics = await RealPrometheus.StartAsync(output, job, features: ["exemplar-storage"]);
        if (protobuf is null || openMetrics is null)
        {
            return;
        }

        foreach (var prometheus in new[] { protobuf, openMetrics })
        {
            await prometheus.QueryUntilPresentAsync("metric_cardinality_overflow_total");
        }

        var fromProtobuf = Normalized(await protobuf.QueryAsync(Recorded));
        var fromOpenMetrics = Normalized(await openMetrics.QueryAsync(Recorded));

        Assert.Contains(contentTypes, t => t.StartsWith("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", StringComparison.Ordinal));
        Assert.Contains(contentTypes, t => t.StartsWith("application/openmetrics-text", StringComparison.Ordinal));
        Assert.True(fromOpenMetrics.Count > 60, $"only {fromOpenMetrics.Count} series from OpenMetrics");
        Assert.Empty(fromOpenMetrics.Except(fromProtobuf));
        Assert.Empty(fromProtobuf.Except(fromOpenMetrics));
        Assert.Contains(EveryFamily.HostileValue, string.Join('\n', fromProtobuf), StringComparison.Ordinal);
        Assert.Contains(trace.ToHexString(), await protobuf.ExemplarTraceIdsAsync("scan_requests_total"));
        Assert.Contains(trace.ToHexString(), await protobuf.ExemplarTraceIdsAsync("api_request_duration_seconds_bucket"));
    }

    /// <summary>
    /// Each series as one sortable line. Prometheus 2.x keeps a text bucket's <c>le</c> as written
    /// (<c>1</c>) but formats a protobuf bucket's bound itself (<c>1.0</c>), so <c>le</c> is compared
    /// as the number it is (docs/metrics.md, "Exposition formats").
    /// </summary>
    private static List<string> Normalized(List<(Dictionary<string, string> Labels, double Value)> series) =>
        series.Select(s => string.Join(",", s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={(l.Key == "le" ? Number(l.Value) : l.Value)}")) + " " + s.Value.ToString("R", CultureInfo.InvariantCulture))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string Number(string text) => double.Parse(text.Replace("+Inf", "Infinity", StringComparison.Ordinal), CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
}
