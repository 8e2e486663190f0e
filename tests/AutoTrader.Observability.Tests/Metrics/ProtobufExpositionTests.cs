using System.Diagnostics;
using System.Globalization;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics;
using AutoTrader.Observability.Metrics.Exposition;

namespace AutoTrader.Observability.Tests.Metrics;

public sealed class ProtobufExpositionTests
{
    // What Prometheus 2.42 sends with --enable-feature=native-histograms, and without it.
    private const string PrometheusWithProtobuf = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    private const string PrometheusWithoutProtobuf = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private const int CounterType = 0;
    private const int GaugeType = 1;
    private const int HistogramType = 4;

    [Theory]
    [InlineData(PrometheusWithProtobuf, ExpositionFormat.Protobuf)]
    [InlineData(PrometheusWithoutProtobuf, ExpositionFormat.OpenMetrics)]
    [InlineData("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text", ExpositionFormat.PrometheusText)]
    [InlineData("application/vnd.google.protobuf", ExpositionFormat.PrometheusText)]
    [InlineData("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.2,text/plain;version=0.0.4;q=0.5", ExpositionFormat.PrometheusText)]
    public void The_protobuf_format_is_served_when_asked_for_first(string accept, ExpositionFormat expected)
    {
        Assert.Equal(expected, ExpositionFormats.Negotiate(accept));
    }

    [Fact]
    public void The_content_type_names_the_message_and_the_framing()
    {
        Assert.Equal("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", ExpositionFormats.ContentType(ExpositionFormat.Protobuf));
    }

    [Fact]
    public async Task Every_recorded_family_has_the_samples_help_and_type_of_the_text_format()
    {
        using var pipeline = new MetricsTestPipeline();
        pipeline.Metrics.RecordScanRequest("BTC", "success");
        pipeline.Metrics.RecordScanRequest("ETH", "failure");
        pipeline.Metrics.RecordScanDuration("BTC", 0.7, "success");
        pipeline.Metrics.RecordScanDuration("ETH", 31, "failure");
        pipeline.Metrics.RecordApiDuration("GET", "/api/tokens", 0.004);
        pipeline.Metrics.RecordLlmCost("groq", "llama3-70b", 0.0015);
        pipeline.Metrics.SetCircuitBreakerState("binance", "/api/v3/depth", CircuitBreakerState.Open);
        using var active = pipeline.Metrics.TrackActiveRequest("GET", "/api/tokens");

        var text = pipeline.Scrape();
        var families = ProtobufPayload.Decode(await ScrapeProtobufAsync(pipeline));

        string[] recorded = ["scan_requests_total", "scan_duration_seconds", "api_request_duration_seconds", "llm_cost_usd_total", "circuit_breaker_state", "active_api_requests", "target_info"];
        foreach (var name in recorded)
        {
            var family = Assert.Single(families, f => f.Name == name);
            Assert.Contains($"# HELP {name} {family.Help}", text.Split('\n'));
            Assert.Contains($"# TYPE {name} {TypeName(family.Type)}", text.Split('\n'));
            Assert.Equal(TextSamples(text, name), Samples(family));
        }
    }

    [Fact]
    public async Task Label_values_travel_as_they_were_recorded_without_escaping()
    {
        const string hostile = "a\"b\\c\nd €🚀";
        using var pipeline = new MetricsTestPipeline();
        pipeline.Metrics.RecordScanRequest(hostile, "success");

        var family = Assert.Single(ProtobufPayload.Decode(await ScrapeProtobufAsync(pipeline)), f => f.Name == "scan_requests_total");

        Assert.Equal(hostile, Assert.Single(family.Metrics).Labels.Single(l => l.Key == "token_symbol").Value);
    }

    [Fact]
    public async Task Target_info_carries_the_resource_and_scope_labels_appear_when_configured()
    {
        var options = new ObservabilityOptions { ServiceName = "autotrader", Environment = "staging", Version = "1.2.3", Metrics = new MetricsOptions { ScopeLabels = true } };
        using var pipeline = new MetricsTestPipeline(options);
        pipeline.Metrics.RecordCacheHit("coingecko", "/coins/markets");

        var families = ProtobufPayload.Decode(await ScrapeProtobufAsync(pipeline));

        var info = Assert.Single(Assert.Single(families, f => f.Name == "target_info").Metrics);
        Assert.Equal(1, info.Gauge);
        Assert.Contains(new KeyValuePair<string, string>("deployment_environment_name", "staging"), info.Labels);
        Assert.Contains(new KeyValuePair<string, string>("service_version", "1.2.3"), info.Labels);
        var hits = Assert.Single(Assert.Single(families, f => f.Name == "data_source_cache_hits_total").Metrics);
        Assert.Equal("endpoint=/coins/markets,source=coingecko,otel_scope_name=AutoTrader", hits.LabelText);
        Assert.Equal(CounterType, families.Single(f => f.Name == "data_source_cache_hits_total").Type);
    }

    [Fact]
    public async Task Counters_and_buckets_recorded_in_a_sampled_span_carry_its_trace_as_exemplar()
    {
        using var pipeline = new MetricsTestPipeline();
        var before = DateTimeOffset.UtcNow;
        using (var span = new Activity("protobuf-exemplar") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start())
        {
            pipeline.Metrics.RecordScanRequest("BTC", "success");
            pipeline.Metrics.RecordApiDuration("GET", "/api/tokens", 0.3);
            var after = DateTimeOffset.UtcNow;

            var families = ProtobufPayload.Decode(await ScrapeProtobufAsync(pipeline));

            var counter = Assert.Single(families.Single(f => f.Name == "scan_requests_total").Metrics).Counter!;
            Assert.NotNull(counter.Exemplar);
            Assert.Equal([new("trace_id", span.TraceId.ToHexString()), new("span_id", span.SpanId.ToHexString())], counter.Exemplar.Labels);
            Assert.Equal(1, counter.Exemplar.Value);
            Assert.InRange(counter.Exemplar.Timestamp, before.AddMilliseconds(-1), after.AddMilliseconds(1));
            var buckets = Assert.Single(families.Single(f => f.Name == "api_request_duration_seconds").Metrics).Histogram!.Buckets;
            var withExemplar = Assert.Single(buckets, b => b.Exemplar is not null);
            Assert.Equal(0.5, withExemplar.UpperBound);
            Assert.Equal(0.3, withExemplar.Exemplar!.Value);
        }
    }

    [Fact]
    public async Task Outside_a_sampled_span_nothing_carries_an_exemplar()
    {
        using var pipeline = new MetricsTestPipeline();
        pipeline.Metrics.RecordScanRequest("BTC", "success");
        pipeline.Metrics.RecordApiDuration("GET", "/api/tokens", 0.3);

        var families = ProtobufPayload.Decode(await ScrapeProtobufAsync(pipeline));

        Assert.Null(families.Single(f => f.Name == "scan_requests_total").Metrics.Single().Counter!.Exemplar);
        Assert.All(families.Single(f => f.Name == "api_request_duration_seconds").Metrics.Single().Histogram!.Buckets, b => Assert.Null(b.Exemplar));
    }

    private static async Task<byte[]> ScrapeProtobufAsync(MetricsTestPipeline pipeline)
    {
        using var payload = new MemoryStream();
        Assert.True(await pipeline.Scraper.WriteAsync(payload, ExpositionFormat.Protobuf));
        return payload.ToArray();
    }

    private static string TypeName(int type) => type switch
    {
        CounterType => "counter",
        GaugeType => "gauge",
        HistogramType => "histogram",
        _ => "unknown " + type,
    };

    /// <summary>The samples of a decoded family as the text format names them: series (labels sorted) and value.</summary>
    private static SortedDictionary<string, double> Samples(ProtobufPayload.Family family)
    {
        var samples = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in family.Metrics)
        {
            var labels = metric.Labels.Select(l => $"{l.Key}=\"{l.Value}\"").ToList();
            if (metric.Histogram is { } histogram)
            {
                foreach (var bucket in histogram.Buckets)
                {
                    samples.Add(Series(family.Name + "_bucket", [.. labels, $"le=\"{Bound(bucket.UpperBound)}\""]), bucket.CumulativeCount);
                }

                samples.Add(Series(family.Name + "_sum", labels), histogram.SampleSum);
                samples.Add(Series(family.Name + "_count", labels), histogram.SampleCount);
            }
            else
            {
                samples.Add(Series(family.Name, labels), metric.Counter?.Value ?? metric.Gauge ?? double.NaN);
            }
        }

        return samples;
    }

    /// <summary>The samples of one family in a Prometheus text payload (simple label values only).</summary>
    private static SortedDictionary<string, double> TextSamples(string text, string family)
    {
        var samples = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(family, StringComparison.Ordinal))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            var series = line[..space];
            var name = series.Split('{')[0];
            if (name != family && name != family + "_bucket" && name != family + "_sum" && name != family + "_count")
            {
                continue;
            }

            var labels = series.Contains('{', StringComparison.Ordinal) ? series[(series.IndexOf('{', StringComparison.Ordinal) + 1)..^1].Split(',').ToList() : [];
            samples.Add(Series(name, labels), double.Parse(line[(space + 1)..].Replace("+Inf", "Infinity", StringComparison.Ordinal), CultureInfo.InvariantCulture));
        }

        return samples;
    }

    private static string Series(string name, List<string> labels) => name + "{" + string.Join(",", labels.Order(StringComparer.Ordinal)) + "}";

    private static string Bound(double bound) => double.IsPositiveInfinity(bound) ? "+Inf" : bound.ToString(CultureInfo.InvariantCulture);
}
