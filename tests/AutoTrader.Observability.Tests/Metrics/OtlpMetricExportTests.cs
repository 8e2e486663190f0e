using System.Net;
using System.Text.RegularExpressions;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics;
using AutoTrader.Observability.Metrics.Exposition;
using AutoTrader.Observability.Tests.Otlp;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Tests.Metrics;

/// <summary>Metrics pushed over OTLP are the metrics of <c>/metrics</c>: names, units, label sets, buckets and cardinality limits.</summary>
public sealed partial class OtlpMetricExportTests
{
    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? """)]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex Label();

    [Fact]
    public void The_pushed_metrics_have_the_names_units_label_sets_and_buckets_of_the_scrape()
    {
        using var receiver = new OtlpReceiver();
        var options = Options(receiver);
        options.Metrics.CardinalityLimits = new() { ["scan_requests_total"] = new MetricLimitOptions { Limit = 2 } };
        string scrape;
        IReadOnlyList<MetricDefinition> families;
        using (var services = Services(options))
        {
            var metrics = services.GetRequiredService<AutoTraderMetrics>();
            foreach (var token in new[] { "BTC", "ETH", "ADA", "SOL" })
            {
                metrics.RecordScanRequest(token, "success"); // two tokens past the limit fold into the overflow series
                metrics.RecordScanDuration(token, 0.7, "success");
            }

            metrics.RecordGemScore("BTC", 85);
            metrics.SetCircuitBreakerState("coingecko", "/coins/markets", CircuitBreakerState.Open);
            families = services.GetRequiredService<MetricRegistry>().Families;
            scrape = services.GetRequiredService<MetricsScraper>().Scrape(ExpositionFormat.PrometheusText);
        }

        var pushed = OtlpRequests.Metrics(receiver.To("/v1/metrics").Last().Body).Metrics.Where(m => m.Scope == MetricRegistry.MeterName).ToList();
        var scraped = Series(scrape);
        var withSamples = families.Where(f => scraped.Any(s => s.Name == f.Name || s.Name == f.Name + "_bucket")).Select(f => f.Name);
        Assert.Equal(withSamples.Order(), pushed.Select(m => m.Name).Order());
        foreach (var metric in pushed)
        {
            // The unit a Prometheus name carries as its suffix is the OTLP unit (UCUM), as the OpenTelemetry-Prometheus mapping has it.
            Assert.Equal(metric.Name.EndsWith("_seconds", StringComparison.Ordinal) ? "s" : "", metric.Unit);
            var sampleName = metric.Kind == "histogram" ? metric.Name + "_bucket" : metric.Name;
            var expected = scraped.Where(s => s.Name == sampleName).Select(s => Canonical(s.Labels.Where(l => l.Key != "le"))).Distinct().Order();
            Assert.Equal(expected, metric.Points.Select(p => Canonical(p.Attributes)).Order());
            if (metric.Kind == "histogram")
            {
                var les = scraped.Where(s => s.Name == sampleName && s.Labels["le"] != "+Inf").Select(s => double.Parse(s.Labels["le"], System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order();
                Assert.All(metric.Points, p => Assert.Equal(les, p.Bounds));
            }
        }

        Assert.Equal(3, pushed.Single(m => m.Name == "scan_requests_total").Points.Count); // the limit's two and the overflow series
    }

    [Fact]
    public void A_native_histogram_is_pushed_as_an_exponential_histogram_beside_the_classic_one()
    {
        using var receiver = new OtlpReceiver();
        var options = Options(receiver);
        options.Metrics.Histograms.Native = new() { ["scan_duration_seconds"] = new NativeHistogramOptions() };
        using (var services = Services(options))
        {
            var metrics = services.GetRequiredService<AutoTraderMetrics>();
            metrics.RecordScanDuration("BTC", 0.7, "success");
            metrics.RecordScanDuration("ETH", 1.7, "failure");
        }

        var pushed = OtlpRequests.Metrics(receiver.To("/v1/metrics").Last().Body).Metrics;
        var classic = pushed.Single(m => m.Name == "scan_duration_seconds");
        var native = pushed.Single(m => m.Name == "scan_duration_seconds.native");
        Assert.Equal(("histogram", "exponential_histogram"), (classic.Kind, native.Kind));
        Assert.Equal("s", native.Unit);
        Assert.Equal(classic.Points.Select(p => Canonical(p.Attributes)).Order(), native.Points.Select(p => Canonical(p.Attributes)).Order());
    }

    [Theory]
    [InlineData("cumulative", ReceivedMetric.Cumulative)]
    [InlineData("delta", ReceivedMetric.Delta)]
    public void The_temporality_is_the_configured_one(string temporality, int expected)
    {
        using var receiver = new OtlpReceiver();
        var options = Options(receiver);
        options.Metrics.Exporters.Otlp.Temporality = temporality;
        using (var services = Services(options))
        {
            services.GetRequiredService<AutoTraderMetrics>().RecordScanRequest("BTC", "success");
        }

        var pushed = OtlpRequests.Metrics(receiver.To("/v1/metrics").Last().Body).Metrics;
        Assert.Equal(expected, pushed.Single(m => m.Name == "scan_requests_total").Temporality);
    }

    [Fact]
    public void The_points_of_a_refused_push_are_counted_on_the_scrape()
    {
        using var receiver = new OtlpReceiver { Status = HttpStatusCode.BadRequest };
        using var services = Services(Options(receiver));
        services.GetRequiredService<AutoTraderMetrics>().RecordScanRequest("BTC", "success");

        services.GetRequiredService<MeterProvider>().ForceFlush();

        var refused = OtlpRequests.Metrics(Assert.Single(receiver.To("/v1/metrics")).Body).Metrics.Sum(m => m.Points.Count);
        var scrape = services.GetRequiredService<MetricsScraper>().Scrape(ExpositionFormat.PrometheusText);
        Assert.True(refused > 0);
        Assert.Equal(refused, TelemetryLossHost.Dropped(scrape, "metrics", "export_failed"));
    }

    private static ObservabilityOptions Options(OtlpReceiver receiver)
    {
        var options = new ObservabilityOptions();
        options.Tracing.Enabled = false;
        options.Metrics.Exporters.Otlp.Enabled = true;
        options.Metrics.Exporters.Otlp.Endpoint = receiver.Url;
        options.Metrics.Exporters.Otlp.Protocol = "http/protobuf";
        options.Metrics.Exporters.Otlp.IntervalSeconds = 600; // pushed when the provider is disposed or flushed
        return options;
    }

    private static ServiceProvider Services(ObservabilityOptions options)
    {
        var services = new ServiceCollection();
        services.AddAutoTraderMetrics(options, includeRuntimeMetrics: false);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<MeterProvider>();
        return provider;
    }

    private static List<(string Name, Dictionary<string, string> Labels)> Series(string scrape) =>
        [.. scrape.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => Sample().Match(l)).Where(m => m.Success)
            .Select(m => (m.Groups["name"].Value, Label().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups["key"].Value, l => Regex.Unescape(l.Groups["value"].Value))))];

    private static string Canonical(IEnumerable<KeyValuePair<string, string>> labels) =>
        string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
}
