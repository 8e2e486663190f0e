using System.Diagnostics.Metrics;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace AutoTrader.Observability.Tests.Metrics;

/// <summary>
/// <c>metrics.framework_meters</c>: which of the framework's instruments are exposed, and that no
/// label of theirs takes a value without bound.
/// </summary>
[Collection(FrameworkInstrumentsGroup.Name)]
public sealed class FrameworkMetersTests(LiveFrameworkMeters live)
{
    private const string Hosting = "Microsoft.AspNetCore.Hosting";

    [Fact]
    public void Every_instrument_the_framework_meters_publish_is_listed_and_every_listed_one_is_published()
    {
        var published = new SortedSet<string>(StringComparer.Ordinal);
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (FrameworkMeters.MeterNames.Contains(instrument.Meter.Name))
                {
                    lock (published)
                    {
                        published.Add(instrument.Meter.Name + " " + instrument.Name);
                    }
                }
            };
            listener.Start();
        }

        Assert.Equal(FrameworkMeters.Instruments.Select(i => i.Meter + " " + i.Instrument).Order(StringComparer.Ordinal), published);
    }

    [Fact]
    public void Every_attribute_the_framework_recorded_is_a_listed_label_or_one_dropped_on_purpose()
    {
        foreach (var ((meter, instrument), attributes) in live.Recorded)
        {
            var listed = FrameworkMeters.Instruments.Single(i => i.Meter == meter && i.Instrument == instrument).Labels;
            Assert.All(
                attributes.Keys.Select(a => a.Key).Distinct(),
                key => Assert.True(listed.Contains(key) || FrameworkMeters.DroppedLabels.ContainsKey(key), $"{instrument} records {key}, which is neither listed nor dropped"));
        }

        Assert.Contains(("http.route", "/items/{id}"), live.Recorded[(Hosting, "http.server.request.duration")].Keys);
        Assert.Contains(live.Recorded.Values, attributes => attributes.Keys.Any(a => FrameworkMeters.DroppedLabels.ContainsKey(a.Key)));
    }

    [Fact]
    public void A_method_a_client_invents_and_a_path_it_asks_for_never_become_label_values()
    {
        var values = live.Recorded.Values.SelectMany(attributes => attributes.Keys).Select(a => a.Value ?? string.Empty).ToList();

        Assert.DoesNotContain(values, v => v.Contains(LiveFrameworkMeters.InventedMethod, StringComparison.Ordinal));
        Assert.DoesNotContain(values, v => v.Contains(LiveFrameworkMeters.UnroutedPath, StringComparison.Ordinal));
        Assert.Contains(("http.request.method", "_OTHER"), live.Recorded[(Hosting, "http.server.request.duration")].Keys);
        Assert.Contains(("http.request.method", "_OTHER"), live.Recorded[("System.Net.Http", "http.client.request.duration")].Keys);
    }

    [Fact]
    public void A_listed_instrument_of_the_hosts_own_meter_is_scraped_with_its_listed_labels_only_and_the_buckets_it_advises()
    {
        using var meters = HostMeters();
        var duration = meters.GetRequiredService<IMeterFactory>().Create(Hosting).CreateHistogram<double>(
            "http.server.request.duration", "s", "Duration of HTTP server requests.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 4] });
        using var pipeline = Pipeline(meters, frameworkMeters: true);

        duration.Record(1, new("http.request.method", "GET"), new("http.route", "/items/{id}"), new("url.path", "/items/42"));
        var scrape = pipeline.Scrape();

        Assert.Contains("# TYPE http_server_request_duration_seconds histogram\n", scrape, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_route=\"/items/{id}\",le=\"0.25\"} 0\n", scrape, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_route=\"/items/{id}\",le=\"4\"} 1\n", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("url_path", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_hosts_meter_an_unlisted_instrument_and_everything_without_the_switch_stay_off_the_scrape()
    {
        using var meters = HostMeters();
        using var otherHost = HostMeters();
        var own = meters.GetRequiredService<IMeterFactory>().Create(Hosting);
        var active = own.CreateUpDownCounter<long>("http.server.active_requests", "{request}");
        var unlisted = own.CreateCounter<long>("http.server.unlisted", "{request}");
        var otherHosts = otherHost.GetRequiredService<IMeterFactory>().Create(Hosting).CreateHistogram<double>("http.server.request.duration", "s");
        void RecordAll()
        {
            active.Add(1, new KeyValuePair<string, object?>("http.request.method", "GET"));
            unlisted.Add(1);
            otherHosts.Record(1);
        }

        using (var on = Pipeline(meters, frameworkMeters: true))
        {
            RecordAll();
            var scrape = on.Scrape();
            Assert.Contains("# TYPE http_server_active_requests gauge\n", scrape, StringComparison.Ordinal);
            Assert.DoesNotContain("http_server_unlisted", scrape, StringComparison.Ordinal);
            Assert.DoesNotContain("http_server_request_duration", scrape, StringComparison.Ordinal);
        }

        using var off = Pipeline(meters, frameworkMeters: false);
        RecordAll();
        Assert.DoesNotContain("http_server_", off.Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_framework_family_folds_label_sets_past_the_limit_configured_for_its_prometheus_name()
    {
        using var meters = HostMeters();
        var active = meters.GetRequiredService<IMeterFactory>().Create(Hosting).CreateUpDownCounter<long>("http.server.active_requests", "{request}");
        var options = new ObservabilityOptions();
        options.Metrics.FrameworkMeters = true;
        options.Metrics.CardinalityLimits = new() { ["http_server_active_requests"] = new MetricLimitOptions { Limit = 2 } };
        using var pipeline = new MetricsTestPipeline(options, services => services.AddSingleton(meters.GetRequiredService<IMeterFactory>()));

        foreach (var method in new[] { "GET", "POST", "PUT", "DELETE" })
        {
            active.Add(1, new KeyValuePair<string, object?>("http.request.method", method));
        }

        var series = pipeline.Scrape().Split('\n').Where(l => l.StartsWith("http_server_active_requests{", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, series.Count);
        Assert.Contains("http_server_active_requests{otel_metric_overflow=\"true\"} 2", series);
    }

    /// <summary>The meter factory a host's framework meters come from.</summary>
    private static ServiceProvider HostMeters() => new ServiceCollection().AddMetrics().BuildServiceProvider();

    private static MetricsTestPipeline Pipeline(ServiceProvider hostMeters, bool frameworkMeters)
    {
        var options = new ObservabilityOptions();
        options.Metrics.FrameworkMeters = frameworkMeters;
        return new MetricsTestPipeline(options, services => services.AddSingleton(hostMeters.GetRequiredService<IMeterFactory>()));
    }
}
