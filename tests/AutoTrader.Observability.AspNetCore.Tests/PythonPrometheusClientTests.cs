using System.Diagnostics;
using System.Text.Json;
using AutoTrader.Observability.AspNetCore.Tests.FrameworkMetrics;
using AutoTrader.Observability.Tests.Metrics;
using Xunit.Abstractions;

namespace AutoTrader.Observability.AspNetCore.Tests;

/// <summary>Debian's python3-prometheus-client parses both formats the endpoint serves.</summary>
public sealed class PythonPrometheusClientTests(ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";

    private const string ParseScript = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families as parse_text
        from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_openmetrics
        parse = parse_openmetrics if sys.argv[1] == "openmetrics" else parse_text
        families = {}
        for family in parse(open(sys.argv[2], encoding="utf-8").read()):
            families[family.name] = {
                "type": family.type,
                "labels": sorted({k for s in family.samples for k in s.labels if k != "le"}),
                "values": sorted({v for s in family.samples for v in s.labels.values()}),
            }
        print(json.dumps(families))
        """;

    private const string ExemplarScript = """
        import json, sys
        from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse
        exemplars = []
        for family in parse(open(sys.argv[1], encoding="utf-8").read()):
            for s in family.samples:
                if s.exemplar is not None:
                    exemplars.append({"family": family.name, "type": family.type, "sample": s.name, "le": s.labels.get("le"),
                                      "labels": s.exemplar.labels, "value": s.exemplar.value, "timestamp": float(s.exemplar.timestamp)})
        print(json.dumps(exemplars))
        """;

    [Theory]
    [InlineData("text", "text/plain")]
    [InlineData("openmetrics", "application/openmetrics-text; version=1.0.0")]
    public async Task Prometheus_client_parser_finds_every_family_with_its_type_labels_and_exact_label_values(string format, string accept)
    {
        if (ExternalTool.Find(Python, output) is null)
        {
            return;
        }

        await using var host = await TestMetricsHost.StartAsync();
        EveryFamily.Record(host.Metrics);
        using var parsed = await ParseAsync(host, format, accept);

        foreach (var (name, type, labels) in GuideMetrics.Families.Append(("metric_cardinality_overflow_total", "counter", ["metric"])).Append(("telemetry_dropped_total", "counter", ["signal", "reason"])))
        {
            // prometheus_client names a counter family without its _total suffix.
            var familyName = type == "counter" ? name[..^"_total".Length] : name;
            Assert.True(parsed.RootElement.TryGetProperty(familyName, out var family), $"{format}: no family {familyName}");
            Assert.Equal(type, family.GetProperty("type").GetString());
            Assert.Equal(labels.Order(StringComparer.Ordinal), family.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        }

        var scanValues = parsed.RootElement.GetProperty("scan_requests").GetProperty("values").EnumerateArray().Select(v => v.GetString());
        Assert.Contains(EveryFamily.HostileValue, scanValues);
    }

    [Theory]
    [InlineData("text", "text/plain")]
    [InlineData("openmetrics", "application/openmetrics-text; version=1.0.0")]
    public async Task Prometheus_client_parser_reads_the_framework_families_with_their_documented_types_and_labels(string format, string accept)
    {
        if (ExternalTool.Find(Python, output) is null)
        {
            return;
        }

        await using var host = await FrameworkTraffic.StartAsync();
        await FrameworkTraffic.ScrapeUntilAsync(host, "kestrel_connection_duration_seconds_count");
        using var parsed = await ParseAsync(host, format, accept);

        var found = 0;
        foreach (var (name, type, labels) in DocumentedFrameworkFamilies.Read())
        {
            var familyName = type == "counter" ? name[..^"_total".Length] : name;
            if (parsed.RootElement.TryGetProperty(familyName, out var family))
            {
                found++;
                Assert.Equal(type, family.GetProperty("type").GetString());
                Assert.All(family.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!), label => Assert.Contains(label, labels));
            }
        }

        Assert.True(parsed.RootElement.TryGetProperty("http_server_request_duration_seconds", out _), $"{format}: no http_server_request_duration_seconds");
        Assert.True(parsed.RootElement.TryGetProperty("kestrel_connection_duration_seconds", out _), $"{format}: no kestrel_connection_duration_seconds");
        Assert.True(parsed.RootElement.TryGetProperty("http_client_request_duration_seconds", out _), $"{format}: no http_client_request_duration_seconds");
        Assert.True(found >= 6, $"{format}: only {found} framework families parsed");
    }

    /// <summary>The endpoint's answer to <paramref name="accept"/>, parsed by prometheus_client's <paramref name="format"/> parser.</summary>
    private static async Task<JsonDocument> ParseAsync(TestMetricsHost host, string format, string accept)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, host.MetricsUri);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await client.SendAsync(request);
        var payloadFile = Path.GetTempFileName();
        var scriptFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(payloadFile, await response.Content.ReadAsByteArrayAsync());
            await File.WriteAllTextAsync(scriptFile, ParseScript);

            var (exitCode, stdout, stderr) = ExternalTool.Run(Python, [scriptFile, format, payloadFile]);
            Assert.True(exitCode == 0, $"the {format} parser failed:\n{stderr}");
            return JsonDocument.Parse(stdout);
        }
        finally
        {
            File.Delete(payloadFile);
            File.Delete(scriptFile);
        }
    }

    [Fact]
    public async Task Prometheus_client_openmetrics_parser_reads_an_exemplar_on_every_bucket_and_counter_recorded_in_a_sampled_span()
    {
        if (ExternalTool.Find(Python, output) is null)
        {
            return;
        }

        await using var host = await TestMetricsHost.StartAsync();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using (var span = new Activity("exemplars") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start())
        {
            EveryFamily.Record(host.Metrics);
            var exemplars = await ParseExemplarsAsync(host);

            Assert.All(exemplars, e =>
            {
                Assert.Equal(new Dictionary<string, string> { ["trace_id"] = span.TraceId.ToHexString(), ["span_id"] = span.SpanId.ToHexString() }, e.Labels);
                Assert.InRange(e.Timestamp, before, before + 3600);
            });
            var histograms = GuideMetrics.Families.Where(f => f.Type == "histogram").Select(f => f.Name).ToList();
            var counters = GuideMetrics.Families.Where(f => f.Type == "counter").Select(f => f.Name[..^"_total".Length]).ToList();
            Assert.Equal(histograms.Order(StringComparer.Ordinal), exemplars.Where(e => e.Type == "histogram").Select(e => e.Family).Distinct().Order(StringComparer.Ordinal));
            Assert.All(counters, name => Assert.Contains(exemplars, e => e.Family == name && e.Sample == name + "_total"));
            Assert.All(exemplars.Where(e => e.Type == "histogram"), e => Assert.Equal(e.Family + "_bucket", e.Sample));
            Assert.DoesNotContain(exemplars, e => e.Type is not ("histogram" or "counter"));

            // The bucket of each histogram's one observation: the smallest bound at or above its value.
            var scanDuration = Assert.Single(exemplars, e => e.Family == "scan_duration_seconds");
            Assert.Equal((2.5, "2.5"), (scanDuration.Value, scanDuration.Le));
            var gemScore = Assert.Single(exemplars, e => e.Family == "gem_score_distribution");
            Assert.Equal((85.5, "90"), (gemScore.Value, gemScore.Le));
        }
    }

    private async Task<List<(string Family, string Type, string Sample, string? Le, Dictionary<string, string> Labels, double Value, double Timestamp)>> ParseExemplarsAsync(TestMetricsHost host)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, host.MetricsUri);
        request.Headers.TryAddWithoutValidation("Accept", "application/openmetrics-text; version=1.0.0");
        using var response = await client.SendAsync(request);
        var payloadFile = Path.GetTempFileName();
        var scriptFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(payloadFile, await response.Content.ReadAsByteArrayAsync());
            await File.WriteAllTextAsync(scriptFile, ExemplarScript);

            var (exitCode, stdout, stderr) = ExternalTool.Run(Python, [scriptFile, payloadFile]);
            Assert.True(exitCode == 0, $"the openmetrics parser failed:\n{stderr}");

            using var parsed = JsonDocument.Parse(stdout);
            return [.. parsed.RootElement.EnumerateArray().Select(e => (
                e.GetProperty("family").GetString()!,
                e.GetProperty("type").GetString()!,
                e.GetProperty("sample").GetString()!,
                e.GetProperty("le").GetString(),
                e.GetProperty("labels").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!),
                e.GetProperty("value").GetDouble(),
                e.GetProperty("timestamp").GetDouble()))];
        }
        finally
        {
            File.Delete(payloadFile);
            File.Delete(scriptFile);
        }
    }
}
