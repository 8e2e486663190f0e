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
}
