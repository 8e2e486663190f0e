using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics.Exposition;
using Microsoft.Extensions.DependencyInjection;

namespace AutoTrader.Observability.Metrics;

/// <summary>Renders the metric catalog, the runtime metrics and the framework metrics as the Markdown reference <c>docs/metrics.md</c>.</summary>
internal static class MetricsReference
{
    /// <summary>
    /// The whole reference, with the default buckets and the runtime and framework metrics of the
    /// running .NET; the framework's instruments must be published (see <see cref="FrameworkFamilies"/>).
    /// </summary>
    public static string Markdown()
    {
        var text = new StringBuilder();
        text.Append("# Metrics reference\n\n")
            .Append("Generated from `MetricCatalog` and the instruments of the .NET runtime and of ASP.NET Core by `MetricsReferenceTests`; do not edit by hand.\n")
            .Append("Regenerate with `AUTOTRADER_UPDATE_DOCS=1 dotnet test tests/AutoTrader.Observability.Tests --filter MetricsReferenceTests`.\n\n")
            .Append("Buckets are the defaults (FACTS.md); `metrics.histograms` in `configs/observability.yaml` overrides them.\n")
            .Append("Every histogram also has a `+Inf` bucket, and `_sum` and `_count` series.\n")
            .Append("In OpenMetrics, a counter's `_total` sample and a histogram's `_bucket` sample carry the `trace_id` and `span_id` of\n")
            .Append("one of their measurements recorded inside a sampled span, as an exemplar (`metrics.exemplars`; see the guide).\n\n")
            .Append("| name | type | labels | buckets | help |\n")
            .Append("|---|---|---|---|---|\n");
        foreach (var family in (IEnumerable<MetricDefinition>)[.. MetricCatalog.Families(new HistogramBucketOptions()), MetricCatalog.CardinalityOverflow, MetricCatalog.TelemetryDropped])
        {
            text.Append("| `").Append(family.Name).Append("` | ")
                .Append(family.Kind.ToString().ToLowerInvariant()).Append(" | ")
                .Append(string.Join(", ", family.LabelNames.Select(l => "`" + l + "`"))).Append(" | ")
                .Append(string.Join(", ", family.Buckets.Select(b => b.ToString(CultureInfo.InvariantCulture)))).Append(" | ")
                .Append(family.Help).Append(" |\n");
        }

        AppendTelemetryLoss(text);
        AppendNativeHistograms(text);
        AppendRuntime(text);
        AppendFramework(text);
        return text.ToString();
    }

    /// <summary>
    /// The families the runtime metrics add, as the metrics pipeline names and types them: the
    /// <c>System.Runtime</c> meter's instruments but the two <see cref="ThreadPoolGauges"/> replaces,
    /// and those.
    /// </summary>
    public static IReadOnlyList<(string Name, string Type, string Unit, string Help)> RuntimeFamilies()
    {
        ThreadPoolGauges.EnsureCreated();
        var instruments = new List<Instrument>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                var meter = instrument.Meter.Name;
                if (meter == ThreadPoolGauges.MeterName
                    || (meter == MetricsServiceCollectionExtensions.RuntimeMeterName && !ThreadPoolGauges.Replaced.Contains(instrument.Name)))
                {
                    instruments.Add(instrument);
                }
            };
            listener.Start();
        }

        return [.. instruments
            .Select(i => (InstrumentFamily.NameOf(i), InstrumentFamily.TypeOf(i), i.Unit ?? string.Empty, i.Description ?? string.Empty))
            .OrderBy(f => f.Item1, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The families <c>metrics.framework_meters</c> adds, as the metrics pipeline names and types
    /// them, with the labels <see cref="FrameworkMeters"/> keeps and the buckets each instrument
    /// advises, read from the instruments published in this process.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// A listed instrument is not published: ASP.NET Core creates its instruments with a host, and
    /// HttpClient and DNS resolution theirs on first use, so a host must run and have called out.
    /// </exception>
    public static IReadOnlyList<(string Name, string Type, IReadOnlyList<string> Labels, IReadOnlyList<double> Buckets, string Help)> FrameworkFamilies()
    {
        var published = new Dictionary<(string Meter, string Name), Instrument>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                lock (published)
                {
                    published.TryAdd((instrument.Meter.Name, instrument.Name), instrument);
                }
            };
            listener.Start();
        }

        return [.. FrameworkMeters.Instruments
            .Select(listed => published.TryGetValue((listed.Meter, listed.Instrument), out var instrument)
                ? (InstrumentFamily.NameOf(instrument), InstrumentFamily.TypeOf(instrument), (IReadOnlyList<string>)[.. listed.Labels.Select(OpenTelemetryToPrometheus.LabelName)],
                    instrument is Histogram<double> { Advice.HistogramBucketBoundaries: { } buckets } ? buckets : [], instrument.Description ?? string.Empty)
                : throw new InvalidOperationException($"{listed.Instrument} of {listed.Meter} is not published in this process: run a host that has served a request and called out before generating the reference."))
            .OrderBy(f => f.Item1, StringComparer.Ordinal)];
    }

    /// <summary>Why and when to turn a histogram native, with the series each costs per label set either way.</summary>
    private static void AppendNativeHistograms(StringBuilder text)
    {
        text.Append("\n## Native histograms\n\n")
            .Append("A histogram named under `metrics.histograms.native` is also aggregated into base-2 exponential buckets, which the\n")
            .Append("protobuf exposition carries as a Prometheus native histogram beside the classic buckets; the text formats are unchanged.\n")
            .Append("A Prometheus started with `--enable-feature=native-histograms` asks for protobuf and stores the native histogram as one\n")
            .Append("series per label set, with no bucket bounds to choose and a quantile error below one bucket's growth factor\n")
            .Append("(2^(2^-scale): 9% at scale 3, 0.27% at scale 8); a Prometheus without the feature reads the classic buckets as before.\n")
            .Append("Turn it on where the buckets are hard to choose or many label sets multiply them; recording costs a second\n")
            .Append("aggregation (docs/PERFORMANCE.md). Details and a worked example: the guide's\n")
            .Append("[Native histograms](observability-guide.md#native-histograms).\n\n")
            .Append("| histogram | series per label set, classic | series per label set, native |\n")
            .Append("|---|---|---|\n");
        foreach (var family in MetricCatalog.Families(new HistogramBucketOptions()).Where(f => f.Kind == MetricKind.Histogram))
        {
            // Each bound and +Inf a _bucket series, then _sum and _count.
            text.Append("| `").Append(family.Name).Append("` | ")
                .Append((family.Buckets.Count + 3).ToString(CultureInfo.InvariantCulture)).Append(" | 1 |\n");
        }
    }

    private static void AppendTelemetryLoss(StringBuilder text)
    {
        text.Append("\n## `telemetry_dropped_total`\n\n")
            .Append("Every series below is exposed from the first scrape on, at 0 until something is lost.\n\n")
            .Append("| signal | reason | counts |\n")
            .Append("|---|---|---|\n");
        foreach (var (signal, reason, counts) in TelemetryLoss.Pairs)
        {
            text.Append("| `").Append(signal).Append("` | `").Append(reason).Append("` | ").Append(counts).Append(" |\n");
        }
    }

    private static void AppendRuntime(StringBuilder text)
    {
        text.Append("\n## .NET runtime metrics\n\n")
            .Append("`AddAutoTraderMetrics` also exposes the .NET runtime's `System.Runtime` meter (unless called with `includeRuntimeMetrics: false`).\n")
            .Append("Its OpenTelemetry names are mapped the OpenTelemetry-to-Prometheus way: `.` becomes `_`, the unit `s`, `ms`, `By` or `1`\n")
            .Append("becomes the suffix `_seconds`, `_milliseconds`, `_bytes` or `_ratio`, and a counter ends in `_total`. A gauge whose name\n")
            .Append("would end in `_count`, `_sum` or `_bucket` gets `_value` appended: Prometheus reserves those suffixes for the series of\n")
            .Append("histograms and summaries, and parsers and linters (`promtool check metrics`, prometheus_client) take such a gauge for\n")
            .Append("part of one. Labels are the runtime's attributes with `.` turned into `_` (`gc_heap_generation`, for instance).\n\n")
            .Append("`dotnet_thread_pool_thread_count_value` and `dotnet_thread_pool_queue_length` come from our meter `AutoTrader.Runtime`,\n")
            .Append("not the runtime's: .NET 10 publishes `dotnet.thread_pool.thread.count` and `dotnet.thread_pool.queue.length` as\n")
            .Append("observable counters though both go down (dotnet/runtime#126167), which would expose them as `_total` counters on which\n")
            .Append("`rate()` is wrong. Ours are gauges under the names the fixed runtime will give them, so nothing changes when the\n")
            .Append("workaround (`ThreadPoolGauges`) goes. These values are measured when Prometheus scrapes, so they carry no exemplar.\n\n")
            .Append("| name | type | unit | help |\n")
            .Append("|---|---|---|---|\n");
        foreach (var (name, type, unit, help) in RuntimeFamilies())
        {
            text.Append("| `").Append(name).Append("` | ").Append(type).Append(" | ")
                .Append(unit.Length == 0 ? string.Empty : "`" + unit + "`").Append(" | ").Append(help).Append(" |\n");
        }
    }

    private static void AppendFramework(StringBuilder text)
    {
        text.Append("\n## Framework metrics\n\n")
            .Append("With `metrics.framework_meters: true` (default `false`), `AddAutoTraderMetrics` also exposes, on `/metrics` and on every\n")
            .Append("other metrics exporter, the meters ")
            .Append(string.Join(", ", FrameworkMeters.MeterNames.Select(m => "`" + m + "`")))
            .Append(".\nTheir names are mapped as the runtime's are (above); labels are the attributes with `.` turned into `_`, buckets the\n")
            .Append("ones each instrument advises. ASP.NET Core's meters are the host's own; the `System.Net` ones are process-wide.\n\n")
            .Append("No label takes a value a client chooses without bound: ASP.NET Core and HttpClient fold methods they do not know into\n")
            .Append("`_OTHER`, `http_route` is the route template (a request no route matched has none), the scheme and protocol version\n")
            .Append("come from the listener and the parser, Kestrel's `server_address` and `server_port` are the listening endpoints,\n")
            .Append("HttpClient's and `dns_question_name` the configured hosts, `error_type` an exception type or a fixed reason. On top,\n")
            .Append("each family keeps at most `metrics.cardinality_limit` label sets (`cardinality_limits` by the name below); further ones\n")
            .Append("fold into one series labelled `otel_metric_overflow=\"true\"`. Not exposed:\n\n");
        foreach (var (label, why) in FrameworkMeters.DroppedLabels)
        {
            text.Append("- the attribute `").Append(label).Append("`: ").Append(why).Append(";\n");
        }

        text.Append("- `Microsoft.AspNetCore.Routing`: its match attempts split requests by route and by \"no route\", as `http_route` does;\n")
            .Append("- `Microsoft.AspNetCore.MemoryPool`: Kestrel's buffers are the pinned object heap,\n")
            .Append("  `dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation=\"poh\"}`.\n\n")
            .Append("| name | type | labels | buckets | help |\n")
            .Append("|---|---|---|---|---|\n");
        foreach (var (name, type, labels, buckets, help) in FrameworkFamilies())
        {
            text.Append("| `").Append(name).Append("` | ").Append(type).Append(" | ")
                .Append(string.Join(", ", labels.Select(l => "`" + l + "`"))).Append(" | ")
                .Append(string.Join(", ", buckets.Select(b => b.ToString(CultureInfo.InvariantCulture)))).Append(" | ")
                .Append(help).Append(" |\n");
        }
    }
}
