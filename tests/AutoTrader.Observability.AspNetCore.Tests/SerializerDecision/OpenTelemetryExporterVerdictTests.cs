using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace AutoTrader.Observability.AspNetCore.Tests.SerializerDecision;

/// <summary>
/// The verdict of issue 22 item 8, kept true: OpenTelemetry.Exporter.Prometheus.AspNetCore
/// (1.20.1-beta.1, configured to the catalog's names) run through the suites our serializer passes,
/// on the same MeterProvider as ours. Each test asserts what the exporter does today, so a new
/// exporter version that changes a verdict fails here and the header of PrometheusSerializer.cs
/// needs a new look.
/// </summary>
public sealed partial class OpenTelemetryExporterVerdictTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Promtool_passes_ours_and_fails_the_exporter_on_every_runtime_gauge_named_count()
    {
        var promtool = ExternalTool.Find("promtool", output);
        if (promtool is null)
        {
            return;
        }

        await using var host = await StartRecordedAsync();
        var ours = await SideBySideScrape.GetAsync(host, Serializer.Ours, SideBySideScrape.PrometheusText);
        var exporter = await SideBySideScrape.GetAsync(host, Serializer.OpenTelemetryExporter, SideBySideScrape.PrometheusText);

        var oursCheck = ExternalTool.Run(promtool, ["check", "metrics"], ours.Text);
        var exporterCheck = ExternalTool.Run(promtool, ["check", "metrics"], exporter.Text);

        Assert.True(oursCheck.ExitCode == 0 && oursCheck.StdOut.Length + oursCheck.StdErr.Length == 0, $"promtool on ours:\n{oursCheck.StdOut}{oursCheck.StdErr}");
        // dotnet.assembly.count and its kind: the exporter names the gauge *_count, a histogram's part; ours appends _value.
        var countGauges = GaugeNamedCount().Matches(exporter.Text).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(countGauges);
        Assert.All(countGauges, name => Assert.Contains($"# TYPE {name}_value gauge\n", ours.Text, StringComparison.Ordinal));
        Assert.NotEqual(0, exporterCheck.ExitCode);
        Assert.Equal(
            countGauges.Select(name => $"{name} non-histogram and non-summary metrics should not have \"_count\" suffix"),
            (exporterCheck.StdOut + exporterCheck.StdErr).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("text", SideBySideScrape.PrometheusText)]
    [InlineData("openmetrics", SideBySideScrape.OpenMetrics)]
    public async Task Prometheus_client_reads_the_same_samples_and_hostile_label_values_from_both(string format, string accept)
    {
        await using var host = await StartRecordedAsync();
        var ours = await (await SideBySideScrape.GetAsync(host, Serializer.Ours, accept)).ParseAsync(format, output);
        var exporter = await (await SideBySideScrape.GetAsync(host, Serializer.OpenTelemetryExporter, accept)).ParseAsync(format, output);
        if (ours is null || exporter is null)
        {
            return;
        }

        var oursSamples = Stable(ours).Select(s => s with { Exemplar = null, ExemplarTimestamp = null }).ToHashSet();
        var exporterSamples = Stable(exporter).Select(s => s with { Exemplar = null, ExemplarTimestamp = null }).ToHashSet();

        Assert.Contains(oursSamples, s => s.Labels.Contains(EveryFamily.HostileValue, StringComparison.Ordinal));
        Assert.Contains(oursSamples, s => s.Labels.Contains(MegabyteValue[..1000], StringComparison.Ordinal));
        Assert.Empty(oursSamples.Except(exporterSamples));
        Assert.DoesNotContain(exporterSamples.Except(oursSamples), s => !s.Name.EndsWith("_created", StringComparison.Ordinal));
        // OpenMetrics only: the exporter adds a <name>_created sample to every counter and histogram series.
        var created = exporterSamples.Where(s => s.Name.EndsWith("_created", StringComparison.Ordinal)).Select(s => $"{s.Family}{{{s.Labels}}}");
        var createdExpected = format == "openmetrics"
            ? oursSamples.Where(s => s.Type == "counter" || (s.Type == "histogram" && s.Name.EndsWith("_count", StringComparison.Ordinal))).Select(s => $"{s.Family}{{{s.Labels}}}")
            : [];
        Assert.Equal(createdExpected.Order(StringComparer.Ordinal), created.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Both_write_the_same_exemplars_on_counters_and_histogram_buckets()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        await using var host = await StartRecordedAsync();
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var ours = await (await SideBySideScrape.GetAsync(host, Serializer.Ours, SideBySideScrape.OpenMetrics)).ParseAsync("openmetrics", output);
        var exporter = await (await SideBySideScrape.GetAsync(host, Serializer.OpenTelemetryExporter, SideBySideScrape.OpenMetrics)).ParseAsync("openmetrics", output);
        if (ours is null || exporter is null)
        {
            return;
        }

        var oursExemplars = Exemplars(ours);
        var exporterExemplars = Exemplars(exporter);

        Assert.Contains(oursExemplars, e => e.Type == "counter");
        Assert.Contains(oursExemplars, e => e.Type == "histogram");
        Assert.Equal(oursExemplars.Select(e => e.Key).Order(StringComparer.Ordinal), exporterExemplars.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.All(oursExemplars.Concat(exporterExemplars), e => Assert.InRange(e.Timestamp, before - 0.001, after + 0.001));
    }

    [Fact]
    public async Task Real_prometheus_stores_the_same_series_from_both_and_a_created_series_more_per_counter_and_histogram_from_the_exporter()
    {
        await using var host = await StartRecordedAsync();
        await using var prometheus = await RealPrometheus.StartAsync(output, $"""
              - job_name: ours
                metrics_path: {host.ScrapeUri(Serializer.Ours).AbsolutePath}
                static_configs:
                  - targets: ['{host.BaseAddress.Authority}']
              - job_name: exporter
                metrics_path: {host.ScrapeUri(Serializer.OpenTelemetryExporter).AbsolutePath}
                static_configs:
                  - targets: ['{host.BaseAddress.Authority}']

            """);
        if (prometheus is null)
        {
            return;
        }

        await prometheus.QueryUntilPresentAsync("metric_cardinality_overflow_total{job=\"ours\"}");
        await prometheus.QueryUntilPresentAsync("metric_cardinality_overflow_total{job=\"exporter\"}");

        var ours = Normalized(await prometheus.QueryAsync("{job=\"ours\",__name__!~\"dotnet_.+|scrape_.+|up\"}"));
        var exporter = Normalized(await prometheus.QueryAsync("{job=\"exporter\",__name__!~\"dotnet_.+|scrape_.+|up\"}"));

        Assert.True(ours.Count > 60, $"only {ours.Count} series from ours");
        Assert.Contains(ours, s => s.Contains(EveryFamily.HostileValue, StringComparison.Ordinal));
        Assert.Empty(ours.Except(exporter));
        // The extra series are <name>_created, one for each counter series and each histogram series.
        var extra = exporter.Except(ours).Select(WithoutValue).Order(StringComparer.Ordinal).ToList();
        var histograms = ours.Select(s => CountedName().Match(s)).Where(m => m.Success && ours.Any(b => b.StartsWith($"__name__={m.Groups["base"].Value}_bucket,", StringComparison.Ordinal)));
        var counters = ours.Select(s => CounterName().Match(s)).Where(m => m.Success);
        var created = counters.Concat(histograms).Select(m => $"__name__={m.Groups["base"].Value}_created,{WithoutValue(m.Groups["rest"].Value)}");
        Assert.NotEmpty(extra);
        Assert.Equal(created.Order(StringComparer.Ordinal), extra);
    }

    private static string WithoutValue(string series) => series[..series.LastIndexOf(' ')];

    [Fact]
    public async Task Both_answer_openmetrics_when_accept_asks_for_it_and_the_exporter_adds_an_escaping_parameter()
    {
        await using var host = await StartRecordedAsync();
        const string Accept = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5";

        var ours = await SideBySideScrape.GetAsync(host, Serializer.Ours, Accept);
        var exporter = await SideBySideScrape.GetAsync(host, Serializer.OpenTelemetryExporter, Accept);
        var oursText = await SideBySideScrape.GetAsync(host, Serializer.Ours, SideBySideScrape.PrometheusText);
        var exporterText = await SideBySideScrape.GetAsync(host, Serializer.OpenTelemetryExporter, SideBySideScrape.PrometheusText);

        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", ours.ContentType);
        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=underscores", exporter.ContentType);
        Assert.All(new[] { ours, exporter }, s => Assert.EndsWith("# EOF\n", s.Text, StringComparison.Ordinal));
        Assert.All(new[] { oursText, exporterText }, s => Assert.Equal("text/plain; version=0.0.4; charset=utf-8", s.ContentType));
        Assert.All(new[] { oursText, exporterText }, s => Assert.DoesNotContain("# EOF", s.Text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Serializer.Ours)]
    [InlineData(Serializer.OpenTelemetryExporter)]
    public async Task Both_gzip_the_page_only_when_asked(Serializer serializer)
    {
        await using var host = await StartRecordedAsync();

        var zipped = await SideBySideScrape.GetAsync(host, serializer, SideBySideScrape.PrometheusText, gzip: true);
        var plain = await SideBySideScrape.GetAsync(host, serializer, SideBySideScrape.PrometheusText);

        Assert.Equal(["gzip"], zipped.ContentEncoding);
        Assert.Empty(plain.ContentEncoding);
        Assert.Contains("scan_requests_total{status=\"success\",token_symbol=\"BTC\"} 1\n", zipped.Text, StringComparison.Ordinal);
        Assert.Contains("scan_requests_total{status=\"success\",token_symbol=\"BTC\"} 1\n", plain.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asked_for_protobuf_first_ours_answers_protobuf_and_the_exporter_openmetrics()
    {
        await using var host = await StartRecordedAsync();

        var ours = await SideBySideScrape.GetAsync(host, Serializer.Ours, SideBySideScrape.ProtobufFirst);
        var exporter = await SideBySideScrape.GetAsync(host, Serializer.OpenTelemetryExporter, SideBySideScrape.ProtobufFirst);

        Assert.StartsWith("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", ours.ContentType, StringComparison.Ordinal);
        Assert.StartsWith("application/openmetrics-text; version=1.0.0", exporter.ContentType, StringComparison.Ordinal);
    }

    /// <summary>A label value of over a megabyte of hostile text (the registry keeps its first 1,024 characters).</summary>
    private static readonly string MegabyteValue = string.Concat(Enumerable.Repeat(EveryFamily.HostileValue, (1 << 20) / EveryFamily.HostileValue.Length + 1));

    /// <summary>A side-by-side host with every family recorded inside a sampled span (so with exemplars), and a megabyte label value.</summary>
    private static async Task<SideBySideScrapeHost> StartRecordedAsync()
    {
        var host = await SideBySideScrapeHost.StartAsync();
        using (new Activity("side-by-side") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start())
        {
            EveryFamily.Record(host.Metrics);
            host.Metrics.RecordScanRequest(MegabyteValue, "failure");
        }

        return host;
    }

    /// <summary>Every sample but the runtime's (<c>dotnet_*</c>), whose values move between two scrapes.</summary>
    private static IEnumerable<ParsedSample> Stable(List<ParsedSample> samples) =>
        samples.Where(s => !s.Family.StartsWith("dotnet_", StringComparison.Ordinal));

    private static List<(string Key, string Type, double Timestamp)> Exemplars(List<ParsedSample> samples) =>
        [.. Stable(samples).Where(s => s.Exemplar is not null).Select(s => ($"{s.Name}{{{s.Labels}}} # {s.Exemplar}", s.Type, s.ExemplarTimestamp!.Value))];

    /// <summary>Each series as one sortable line without its job; <c>le</c> as the number it is.</summary>
    private static List<string> Normalized(List<(Dictionary<string, string> Labels, double Value)> series) =>
        [.. series.Select(s => string.Join(",", s.Labels.Where(l => l.Key != "job").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={(l.Key == "le" ? Number(l.Value) : l.Value)}")) + " " + s.Value.ToString("R", CultureInfo.InvariantCulture))];

    private static string Number(string text) => double.Parse(text.Replace("+Inf", "Infinity", StringComparison.Ordinal), CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);

    [GeneratedRegex("^__name__=(?<base>[a-z_]+)_total,(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex CounterName();

    [GeneratedRegex("^__name__=(?<base>[a-z_]+)_count,(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex CountedName();

    [GeneratedRegex(@"^# TYPE (\w+_count) gauge$", RegexOptions.Multiline)]
    private static partial Regex GaugeNamedCount();
}
