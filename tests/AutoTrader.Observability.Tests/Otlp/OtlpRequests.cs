namespace AutoTrader.Observability.Tests.Otlp;

/// <summary>One metric stream of an OTLP metrics request: its name, unit, kind, temporality and points.</summary>
internal sealed record ReceivedMetric(string Scope, string Name, string Unit, string Kind, int Temporality, IReadOnlyList<ReceivedPoint> Points)
{
    /// <summary>OTLP's <c>AGGREGATION_TEMPORALITY_DELTA</c>.</summary>
    public const int Delta = 1;

    /// <summary>OTLP's <c>AGGREGATION_TEMPORALITY_CUMULATIVE</c>.</summary>
    public const int Cumulative = 2;
}

/// <summary>One point: its attributes, and the explicit bucket bounds of a histogram's.</summary>
internal sealed record ReceivedPoint(IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<double> Bounds);

/// <summary>What the OTLP requests the tests receive hold (the OpenTelemetry proto, read field by field).</summary>
internal static class OtlpRequests
{
    /// <summary>The metrics of an <c>ExportMetricsServiceRequest</c>, with the resource they came with.</summary>
    public static (IReadOnlyDictionary<string, string> Resource, List<ReceivedMetric> Metrics) Metrics(byte[] body)
    {
        var resource = new Dictionary<string, string>();
        var metrics = new List<ReceivedMetric>();
        foreach (var resourceMetrics in Protobuf.Parse(body).All(1).Select(f => f.Message))
        {
            resource = resourceMetrics.One(1)?.Message.Attributes(1) ?? [];
            foreach (var scope in resourceMetrics.All(2).Select(f => f.Message))
            {
                var scopeName = scope.One(1)?.Message.One(1)?.Text ?? "";
                foreach (var metric in scope.All(2).Select(f => f.Message))
                {
                    metrics.Add(Metric(scopeName, metric));
                }
            }
        }

        return (resource, metrics);
    }

    /// <summary>How many log records an <c>ExportLogsServiceRequest</c> holds.</summary>
    public static int LogRecordCount(byte[] body) =>
        Protobuf.Parse(body).All(1).SelectMany(r => r.Message.All(2)).Sum(s => s.Message.All(2).Count());

    private static ReceivedMetric Metric(string scope, List<ProtobufField> metric)
    {
        var name = metric.One(1)!.Value.Text;
        var unit = metric.One(3)?.Text ?? "";
        var (kind, data) = metric.One(5) is { } gauge ? ("gauge", gauge.Message)
            : metric.One(7) is { } sum ? ("sum", sum.Message)
            : metric.One(9) is { } histogram ? ("histogram", histogram.Message)
            : metric.One(10) is { } exponential ? ("exponential_histogram", exponential.Message)
            : ("other", new List<ProtobufField>());
        var histogramPoints = kind == "histogram";
        var attributesField = kind switch { "histogram" => 9, "exponential_histogram" => 1, _ => 7 };
        var points = data.All(1).Select(p => p.Message).Select(p => new ReceivedPoint(
            p.Attributes(attributesField),
            histogramPoints ? [.. p.All(7).SelectMany(b => b.Fixed64s).Select(w => BitConverter.Int64BitsToDouble((long)w))] : [])).ToList();
        return new ReceivedMetric(scope, name, unit, kind, (int)(data.One(2)?.Scalar ?? 0), points);
    }
}
