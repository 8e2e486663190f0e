using System.Buffers;
using System.Globalization;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>
/// Writes OpenTelemetry metrics as Prometheus text 0.0.4 or OpenMetrics 1.0.0; OpenMetrics also
/// carries the exemplars the SDK kept, on counters and histogram buckets.
/// </summary>
/// <remarks>
/// <para>
/// Kept after a measured comparison (issue 22 item 8, 2026-12-04) with
/// OpenTelemetry.Exporter.Prometheus.AspNetCore 1.20.1-beta.1 configured to the catalog's names
/// (<c>ScopeInfoEnabled = false</c>, <c>UnderscoreEscapingWithSuffixes</c>, no response cache), the two
/// reading one MeterProvider. Per suite, kept true by
/// tests/AutoTrader.Observability.AspNetCore.Tests/SerializerDecision/OpenTelemetryExporterVerdictTests.cs:
/// </para>
/// <list type="bullet">
/// <item>promtool check metrics: the exporter FAILS. It names the runtime gauges dotnet.assembly.count,
/// dotnet.process.cpu.count, dotnet.thread_pool.thread.count and dotnet.timer.count <c>*_count</c>
/// ("non-histogram and non-summary metrics should not have _count suffix"); ours appends <c>_value</c>.</item>
/// <item>prometheus_client, text and OpenMetrics, hostile and megabyte label values: passes, the same
/// samples; its OpenMetrics adds a <c>_created</c> sample to every counter and histogram series.</item>
/// <item>Real Prometheus 2.42: passes, the same series and values, plus a stored <c>*_created</c>
/// series for every counter and histogram series (34 more on the test's 103).</item>
/// <item>OpenMetrics negotiation and gzip: pass (its content type adds <c>; escaping=underscores</c>).</item>
/// <item>Exemplars: pass, the same ones on counters and on the observation's bucket.</item>
/// <item>Protobuf negotiation: the exporter FAILS. It has no protobuf format (so no native
/// histograms) and answers a protobuf-first Accept with OpenMetrics.</item>
/// <item>One scrape of 10,000 series (ExporterScrapeBenchmarks, 3 runs): the exporter takes 2.0x to 3.7x
/// our time in text and 1.6x to 2.0x in OpenMetrics, and allocates about 4x our bytes.</item>
/// </list>
/// <para>
/// The rule: keep ours where the library fails a suite or is more than 1.2x slower. Text: promtool
/// and 2x. OpenMetrics: 1.6x or more. Protobuf: missing. So all three stay ours. Everything before
/// the text (aggregation, temporality, buckets, the SDK's cardinality limit) is the OpenTelemetry SDK's.
/// </para>
/// </remarks>
internal sealed class PrometheusSerializer(bool includeScopeLabels)
{
    private readonly PayloadFamilies families = new();
    private readonly KeptExemplars exemplars = new();

    // Attribute keys are the same string instances on every point of a stream, so their
    // sanitized UTF-8 form (with ="), looked up by reference, is computed once.
    private readonly Dictionary<string, byte[]> labelPrefixes = new(ReferenceEqualityComparer.Instance);

    /// <summary>Starts a new payload: families may be written once each again.</summary>
    public void Reset() => families.Reset();

    /// <summary>
    /// Writes <c>target_info</c> from the resource: service, environment and version appear once
    /// here instead of on every series.
    /// </summary>
    public static void WriteTargetInfo(IBufferWriter<byte> output, Resource resource, ExpositionFormat format)
    {
        var writer = new Utf8TextWriter(output);
        writer.Write(format == ExpositionFormat.OpenMetrics
            ? "# HELP target Target metadata\n# TYPE target info\ntarget_info{"u8
            : "# HELP target_info Target metadata\n# TYPE target_info gauge\ntarget_info{"u8);
        var first = true;
        foreach (var attribute in resource.Attributes)
        {
            if (!first)
            {
                writer.Write(","u8);
            }

            first = false;
            writer.Write(OpenTelemetryToPrometheus.LabelName(attribute.Key));
            writer.Write("=\""u8);
            writer.WriteEscaped(OpenTelemetryToPrometheus.LabelValue(attribute.Value), escapeQuote: true);
            writer.Write("\""u8);
        }

        writer.Write("} 1\n"u8);
    }

    public static void WriteEof(IBufferWriter<byte> output) => output.Write("# EOF\n"u8);

    public void Write(IBufferWriter<byte> output, Metric metric, ExpositionFormat format)
    {
        if (!families.TryTake(metric, out var family))
        {
            return;
        }

        var writer = new Utf8TextWriter(output);
        var withExemplars = format == ExpositionFormat.OpenMetrics;
        var headerWritten = false;
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            if (!headerWritten)
            {
                writer.Write(format == ExpositionFormat.OpenMetrics ? family.OpenMetricsHeader : family.TextHeader);
                headerWritten = true;
            }

            switch (metric.MetricType)
            {
                case MetricType.Histogram:
                    WriteHistogram(writer, family, metric, point, withExemplars && exemplars.Load(point));
                    break;
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    WriteSample(writer, family.NameUtf8, default, metric, point);
                    writer.WriteValue(point.GetSumLong());
                    WriteCounterExemplar(writer, metric, point, withExemplars, longValue: true);
                    writer.Write("\n"u8);
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    WriteSample(writer, family.NameUtf8, default, metric, point);
                    writer.WriteValue(point.GetSumDouble());
                    WriteCounterExemplar(writer, metric, point, withExemplars, longValue: false);
                    writer.Write("\n"u8);
                    break;
                case MetricType.LongGauge:
                    WriteSample(writer, family.NameUtf8, default, metric, point);
                    writer.WriteValue(point.GetGaugeLastValueLong());
                    writer.Write("\n"u8);
                    break;
                case MetricType.DoubleGauge:
                    WriteSample(writer, family.NameUtf8, default, metric, point);
                    writer.WriteValue(point.GetGaugeLastValueDouble());
                    writer.Write("\n"u8);
                    break;
            }
        }
    }

    /// <summary>An exemplar on a counter's sample; an up-down counter is a gauge, which OpenMetrics gives none.</summary>
    private void WriteCounterExemplar(Utf8TextWriter writer, Metric metric, in MetricPoint point, bool withExemplars, bool longValue)
    {
        if (withExemplars && metric.MetricType is MetricType.LongSum or MetricType.DoubleSum && exemplars.Load(point) && exemplars.TryFirst(out var exemplar))
        {
            OpenMetricsExemplar.Write(writer, exemplar, longValue);
        }
    }

    private void WriteHistogram(Utf8TextWriter writer, MetricFamily family, Metric metric, in MetricPoint point, bool withExemplars)
    {
        long cumulative = 0;
        var lower = double.NegativeInfinity;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            WriteSample(writer, family.NameUtf8, "_bucket"u8, metric, point, leave: true);
            writer.Write("le=\""u8);
            writer.WriteValue(bucket.ExplicitBound);
            writer.Write("\"} "u8);
            writer.WriteValue(cumulative);
            if (withExemplars)
            {
                if (exemplars.TryInBucket(lower, bucket.ExplicitBound, out var exemplar))
                {
                    OpenMetricsExemplar.Write(writer, exemplar, longValue: false);
                }

                lower = bucket.ExplicitBound;
            }

            writer.Write("\n"u8);
        }

        WriteSample(writer, family.NameUtf8, "_sum"u8, metric, point);
        writer.WriteValue(point.GetHistogramSum());
        writer.Write("\n"u8);
        WriteSample(writer, family.NameUtf8, "_count"u8, metric, point);
        writer.WriteValue(point.GetHistogramCount());
        writer.Write("\n"u8);
    }

    /// <summary>
    /// Writes <c>name_suffix{labels}</c> and the space before the value; with <paramref name="leave"/>
    /// the brace stays open (after a comma if needed) for the <c>le</c> label.
    /// </summary>
    private void WriteSample(Utf8TextWriter writer, byte[] name, ReadOnlySpan<byte> suffix, Metric metric, in MetricPoint point, bool leave = false)
    {
        writer.Write(name);
        writer.Write(suffix);
        var any = false;
        foreach (var tag in point.Tags)
        {
            writer.Write(any ? ","u8 : "{"u8);
            any = true;
            if (!labelPrefixes.TryGetValue(tag.Key, out var prefix))
            {
                prefix = System.Text.Encoding.UTF8.GetBytes(OpenTelemetryToPrometheus.LabelName(tag.Key) + "=\"");
                labelPrefixes[tag.Key] = prefix;
            }

            writer.Write(prefix);
            writer.WriteEscaped(tag.Value as string ?? OpenTelemetryToPrometheus.LabelValue(tag.Value), escapeQuote: true);
            writer.Write("\""u8);
        }

        if (includeScopeLabels)
        {
            writer.Write(any ? ","u8 : "{"u8);
            any = true;
            WriteLabel(writer, "otel_scope_name", metric.MeterName);
            if (!string.IsNullOrEmpty(metric.MeterVersion))
            {
                writer.Write(","u8);
                WriteLabel(writer, "otel_scope_version", metric.MeterVersion);
            }
        }

        if (leave)
        {
            writer.Write(any ? ","u8 : "{"u8);
            return;
        }

        writer.Write(any ? "} "u8 : " "u8);
    }

    private static void WriteLabel(Utf8TextWriter writer, string name, object? value)
    {
        writer.Write(name);
        writer.Write("=\""u8);
        writer.WriteEscaped(OpenTelemetryToPrometheus.LabelValue(value), escapeQuote: true);
        writer.Write("\""u8);
    }
}
