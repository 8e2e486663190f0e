using System.Text;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>
/// What the serializer needs of one OpenTelemetry metric stream, computed once: its Prometheus
/// name and type, its HELP text, and its HELP/TYPE header in both text formats, already UTF-8.
/// </summary>
internal sealed class MetricFamily
{
    private MetricFamily(string name, string type, string help, byte[] nameUtf8, byte[] textHeader, byte[] openMetricsHeader)
    {
        Name = name;
        Type = type;
        Help = help;
        NameUtf8 = nameUtf8;
        TextHeader = textHeader;
        OpenMetricsHeader = openMetricsHeader;
    }

    public string Name { get; }

    /// <summary><c>counter</c>, <c>gauge</c> or <c>histogram</c>.</summary>
    public string Type { get; }

    /// <summary>The HELP text, unescaped (the protobuf format carries it as it is).</summary>
    public string Help { get; }

    public byte[] NameUtf8 { get; }

    public byte[] TextHeader { get; }

    public byte[] OpenMetricsHeader { get; }

    /// <summary>The family of <paramref name="metric"/>, or null for a type Prometheus text cannot carry.</summary>
    public static MetricFamily? For(Metric metric)
    {
        var type = metric.MetricType switch
        {
            MetricType.LongSum or MetricType.DoubleSum => "counter",
            MetricType.LongGauge or MetricType.DoubleGauge or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => "gauge",
            MetricType.Histogram => "histogram",
            _ => null,
        };
        if (type is null)
        {
            return null;
        }

        var name = OpenTelemetryToPrometheus.FamilyName(metric.Name, metric.Unit, type == "counter", type == "histogram");
        var help = string.IsNullOrEmpty(metric.Description) ? metric.Name : metric.Description;

        // OpenMetrics names a counter family without its _total suffix; its samples keep it.
        var openMetricsName = type == "counter" ? name[..^"_total".Length] : name;
        return new MetricFamily(
            name,
            type,
            help,
            Encoding.UTF8.GetBytes(name),
            Header(name, type, help, ExpositionFormat.PrometheusText),
            Header(openMetricsName, type, help, ExpositionFormat.OpenMetrics));
    }

    private static byte[] Header(string name, string type, string help, ExpositionFormat format)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new Utf8TextWriter(buffer);
        writer.Write("# HELP "u8);
        writer.Write(name);
        writer.Write(" "u8);
        writer.WriteEscaped(help, escapeQuote: format == ExpositionFormat.OpenMetrics);
        writer.Write("\n# TYPE "u8);
        writer.Write(name);
        writer.Write(" "u8);
        writer.Write(type);
        writer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
