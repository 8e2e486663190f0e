using System.Buffers;
using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>
/// Writes OpenTelemetry metrics in Prometheus's protobuf exposition: one
/// <c>io.prometheus.client.MetricFamily</c> message per family, each after its length (varint),
/// with the same names, HELP, label sets, <c>target_info</c> and exemplars as the text formats.
/// </summary>
/// <remarks>
/// The field numbers are those of Prometheus's client_model <c>metrics.proto</c>, which Prometheus
/// itself decodes (proto3 there: a field at its default value may be left out, and is here only
/// where the text formats would not write it either).
/// </remarks>
internal sealed class ProtobufSerializer
{
    // MetricFamily
    private const int FamilyName = 1;
    private const int FamilyHelp = 2;
    private const int FamilyType = 3;
    private const int FamilyMetric = 4;

    // MetricType
    private const int CounterType = 0;
    private const int GaugeType = 1;
    private const int HistogramType = 4;

    // Metric
    private const int MetricLabel = 1;
    private const int MetricGauge = 2;
    private const int MetricCounter = 3;
    private const int MetricHistogram = 7;

    // LabelPair, Gauge, Counter
    private const int LabelName = 1;
    private const int LabelValue = 2;
    private const int GaugeValue = 1;
    private const int CounterValue = 1;
    private const int CounterExemplar = 2;

    // Histogram, Bucket
    private const int HistogramSampleCount = 1;
    private const int HistogramSampleSum = 2;
    private const int HistogramBucket = 3;
    private const int BucketCumulativeCount = 1;
    private const int BucketUpperBound = 2;
    private const int BucketExemplar = 3;

    // Exemplar, google.protobuf.Timestamp
    private const int ExemplarLabel = 1;
    private const int ExemplarValue = 2;
    private const int ExemplarTimestamp = 3;
    private const int TimestampSeconds = 1;
    private const int TimestampNanos = 2;

    private readonly ProtobufEncoder encoder = new();
    private readonly PayloadFamilies families = new();
    private readonly KeptExemplars exemplars = new();
    private readonly NativeCompanions natives = new();
    private readonly NativeHistogramWriter nativeWriter;

    // Attribute keys are the same string instances on every point of a stream: their sanitized
    // UTF-8 name, looked up by reference, is computed once.
    private readonly Dictionary<string, byte[]> labelNames = new(ReferenceEqualityComparer.Instance);

    private readonly bool includeScopeLabels;

    public ProtobufSerializer(bool includeScopeLabels)
    {
        this.includeScopeLabels = includeScopeLabels;
        nativeWriter = new NativeHistogramWriter(encoder);
    }

    /// <summary>Starts a new payload from <paramref name="batch"/>: families may be written once each again.</summary>
    public void Reset(in Batch<Metric> batch)
    {
        families.Reset();
        natives.Collect(batch);
    }

    /// <summary><c>target_info</c>, a gauge of 1 labelled with the resource, as in the text format.</summary>
    public void WriteTargetInfo(IBufferWriter<byte> output, Resource resource)
    {
        encoder.BeginDelimited();
        encoder.String(FamilyName, "target_info"u8);
        encoder.String(FamilyHelp, "Target metadata"u8);
        encoder.UInt64(FamilyType, GaugeType);
        encoder.Begin(lengthBytes: 2);
        foreach (var attribute in resource.Attributes)
        {
            Label(MetricLabel, Encoding.UTF8.GetBytes(OpenTelemetryToPrometheus.LabelName(attribute.Key)), OpenTelemetryToPrometheus.LabelValue(attribute.Value));
        }

        encoder.Begin();
        encoder.Double(GaugeValue, 1);
        encoder.End(MetricGauge);
        encoder.End(FamilyMetric);
        encoder.EndDelimited(output);
    }

    public void Write(IBufferWriter<byte> output, Metric metric)
    {
        if (!families.TryTake(metric, out var family))
        {
            return;
        }

        var any = false;
        var withNative = metric.MetricType == MetricType.Histogram && natives.Load(metric);
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            if (!any)
            {
                encoder.BeginDelimited();
                encoder.String(FamilyName, family.NameUtf8);
                encoder.String(FamilyHelp, family.Help);
                encoder.UInt64(FamilyType, family.Type switch { "counter" => CounterType, "histogram" => HistogramType, _ => GaugeType });
                any = true;
            }

            encoder.Begin(lengthBytes: 2);
            Labels(metric, point);
            switch (metric.MetricType)
            {
                case MetricType.Histogram when withNative && natives.TryFind(point, out var native):
                    Histogram(point, native);
                    break;
                case MetricType.Histogram:
                    Histogram(point);
                    break;
                case MetricType.LongSum:
                    Counter(point, point.GetSumLong(), longValue: true);
                    break;
                case MetricType.DoubleSum:
                    Counter(point, point.GetSumDouble(), longValue: false);
                    break;
                case MetricType.LongSumNonMonotonic:
                    Gauge(point.GetSumLong());
                    break;
                case MetricType.DoubleSumNonMonotonic:
                    Gauge(point.GetSumDouble());
                    break;
                case MetricType.LongGauge:
                    Gauge(point.GetGaugeLastValueLong());
                    break;
                case MetricType.DoubleGauge:
                    Gauge(point.GetGaugeLastValueDouble());
                    break;
            }

            encoder.End(FamilyMetric);
        }

        if (any)
        {
            encoder.EndDelimited(output);
        }
    }

    private void Labels(Metric metric, in MetricPoint point)
    {
        foreach (var tag in point.Tags)
        {
            if (!labelNames.TryGetValue(tag.Key, out var name))
            {
                name = Encoding.UTF8.GetBytes(OpenTelemetryToPrometheus.LabelName(tag.Key));
                labelNames[tag.Key] = name;
            }

            Label(MetricLabel, name, tag.Value as string ?? OpenTelemetryToPrometheus.LabelValue(tag.Value));
        }

        if (includeScopeLabels)
        {
            Label(MetricLabel, "otel_scope_name"u8, metric.MeterName);
            if (!string.IsNullOrEmpty(metric.MeterVersion))
            {
                Label(MetricLabel, "otel_scope_version"u8, metric.MeterVersion);
            }
        }
    }

    private void Label(int field, ReadOnlySpan<byte> name, string value)
    {
        encoder.Begin();
        encoder.String(LabelName, name);
        encoder.String(LabelValue, value);
        encoder.End(field);
    }

    private void Gauge(double value)
    {
        encoder.Begin();
        encoder.Double(GaugeValue, value);
        encoder.End(MetricGauge);
    }

    private void Counter(in MetricPoint point, double value, bool longValue)
    {
        encoder.Begin();
        encoder.Double(CounterValue, value);
        if (exemplars.Load(point) && exemplars.TryFirst(out var exemplar))
        {
            Exemplar(exemplar, longValue ? exemplar.LongValue : exemplar.DoubleValue, CounterExemplar);
        }

        encoder.End(MetricCounter);
    }

    /// <summary>
    /// A classic histogram, with the native fields of <paramref name="native"/> when the metric has
    /// a native stream. Count and sum are then the native point's, the count being what its buckets
    /// hold: Prometheus rejects a native histogram whose count disagrees with its buckets, and the
    /// two streams are collected one after the other, and the native one places no negative,
    /// infinite or NaN measurement (those stay in the classic buckets only).
    /// </summary>
    private void Histogram(in MetricPoint point, in MetricPoint? native = null)
    {
        encoder.Begin(lengthBytes: 2);
        encoder.UInt64(HistogramSampleCount, native is { } counted ? NativeHistogramWriter.CountOf(counted.GetExponentialHistogramData()) : (ulong)point.GetHistogramCount());
        encoder.Double(HistogramSampleSum, (native ?? point).GetHistogramSum());
        var withExemplars = exemplars.Load(point);
        long cumulative = 0;
        var lower = double.NegativeInfinity;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            encoder.Begin();
            encoder.UInt64(BucketCumulativeCount, (ulong)cumulative);
            encoder.Double(BucketUpperBound, bucket.ExplicitBound);
            if (withExemplars && exemplars.TryInBucket(lower, bucket.ExplicitBound, out var exemplar))
            {
                Exemplar(exemplar, exemplar.DoubleValue, BucketExemplar);
            }

            lower = bucket.ExplicitBound;
            encoder.End(HistogramBucket);
        }

        if (native is { } nativePoint)
        {
            nativeWriter.Write(nativePoint.GetExponentialHistogramData());
        }

        encoder.End(MetricHistogram);
    }

    private void Exemplar(in Exemplar exemplar, double value, int field)
    {
        encoder.Begin();
        Label(ExemplarLabel, "trace_id"u8, exemplar.TraceId.ToHexString());
        Label(ExemplarLabel, "span_id"u8, exemplar.SpanId.ToHexString());
        encoder.Double(ExemplarValue, value);
        var sinceEpoch = exemplar.Timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        encoder.Begin();
        encoder.Int64(TimestampSeconds, sinceEpoch / TimeSpan.TicksPerSecond);
        encoder.Int64(TimestampNanos, sinceEpoch % TimeSpan.TicksPerSecond * 100);
        encoder.End(ExemplarTimestamp);
        encoder.End(field);
    }
}
