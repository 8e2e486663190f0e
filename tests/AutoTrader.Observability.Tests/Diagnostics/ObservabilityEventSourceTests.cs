using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tests.Metrics;
using AutoTrader.Observability.Tracing;
using OpenTelemetry;

namespace AutoTrader.Observability.Tests.Diagnostics;

/// <summary>The <c>AutoTrader-Observability</c> event source tells a listener what the library lost or worked around.</summary>
public sealed class ObservabilityEventSourceTests
{
    [Fact]
    public void A_metric_that_reaches_its_cardinality_limit_raises_the_limit_event_once_and_a_fold_event_per_folded_measurement()
    {
        using var listener = new Listener();
        using var pipeline = new MetricsTestPipeline();
        var counter = pipeline.Registry.Counter("eventsource_probe_total", "probe", ["key"], cardinalityLimit: 2);

        foreach (var key in new[] { "a", "b", "c", "d", "c" })
        {
            counter.Inc(key);
        }

        var limit = Assert.Single(listener.Events(nameof(ObservabilityEventSource.CardinalityLimitReached)), e => Equals(e.Payload![0], "eventsource_probe_total"));
        Assert.Equal(2, limit.Payload![1]);
        Assert.Equal(EventLevel.Warning, limit.Level);
        Assert.Equal(3, listener.Events(nameof(ObservabilityEventSource.CardinalityFolded)).Count(e => Equals(e.Payload![0], "eventsource_probe_total")));
    }

    [Fact]
    public void Spans_an_exporter_fails_to_send_raise_an_export_failed_event_with_their_count()
    {
        using var listener = new Listener();
        var failures = new SpanExportFailures();
        using var exporter = new ConsoleSpanExporter(new FailingStream(), failures);
        using var span = new Activity("probe").Start();

        Assert.Equal(ExportResult.Failure, exporter.Export(new Batch<Activity>([span, span, span], 3)));

        Assert.Contains(listener.Events(nameof(ObservabilityEventSource.ExportFailed)), e => Equals(e.Payload![0], "traces") && Equals(e.Payload[1], 3L));
    }

    [Fact]
    public void A_sampler_argument_without_a_sampler_is_reported_as_ignored_and_a_ratio_sampler_without_one_as_defaulted()
    {
        using var listener = new Listener();

        ObservabilityConfiguration.LoadYaml(null, new Dictionary<string, string> { ["OTEL_TRACES_SAMPLER_ARG"] = "0.25" });
        ObservabilityConfiguration.LoadYaml(null, new Dictionary<string, string> { ["OTEL_TRACES_SAMPLER"] = "traceidratio" });

        var fallbacks = listener.Events(nameof(ObservabilityEventSource.ConfigurationFallback)).Select(e => $"{e.Payload![0]}: {e.Payload[1]}").ToList();
        Assert.Contains(fallbacks, f => f.StartsWith("OTEL_TRACES_SAMPLER_ARG: ignored", StringComparison.Ordinal));
        Assert.Contains(fallbacks, f => f.StartsWith("OTEL_TRACES_SAMPLER_ARG: unset: the traceidratio sampler", StringComparison.Ordinal));
    }

    [Fact]
    public void The_event_source_has_the_librarys_name()
    {
        Assert.Equal("AutoTrader-Observability", EventSource.GetName(typeof(ObservabilityEventSource)));
    }

    /// <summary>Collects every event of the library's source, as <c>dotnet-trace</c> would receive them.</summary>
    private sealed class Listener : EventListener
    {
        private readonly ConcurrentQueue<EventWrittenEventArgs> _events = new();

        public IEnumerable<EventWrittenEventArgs> Events(string name) => _events.Where(e => e.EventName == name);

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == ObservabilityEventSource.SourceName)
            {
                EnableEvents(eventSource, EventLevel.Verbose, EventKeywords.All);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData) => _events.Enqueue(eventData);
    }
}
