using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>
/// The native streams of one collected batch (see <see cref="NativeHistogramStreams"/>), and the
/// point of a classic histogram's native stream with the same label set.
/// </summary>
/// <remarks>
/// Points are matched by their label sets, not by position: the two streams aggregate separately,
/// so concurrent first measurements of two label sets may reach them in different orders.
/// </remarks>
internal sealed class NativeCompanions
{
    private readonly Dictionary<string, Metric> nativeByClassicName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MetricPoint> points = new(StringComparer.Ordinal);
    private readonly StringBuilder key = new();

    /// <summary>Takes the native streams of <paramref name="batch"/>.</summary>
    public void Collect(in Batch<Metric> batch)
    {
        nativeByClassicName.Clear();
        foreach (var metric in batch)
        {
            if (NativeHistogramStreams.IsNative(metric, out var classicName))
            {
                nativeByClassicName[classicName] = metric;
            }
        }
    }

    /// <summary>Loads the points of <paramref name="classic"/>'s native stream; false when it has none.</summary>
    public bool Load(Metric classic)
    {
        points.Clear();
        if (nativeByClassicName.Count == 0 || !nativeByClassicName.TryGetValue(classic.Name, out var native))
        {
            return false;
        }

        foreach (ref readonly var point in native.GetMetricPoints())
        {
            points[Key(point.Tags)] = point;
        }

        return true;
    }

    /// <summary>The loaded native point with <paramref name="classic"/>'s label set.</summary>
    public bool TryFind(in MetricPoint classic, out MetricPoint native) => points.TryGetValue(Key(classic.Tags), out native);

    // Each name and value after its length, so that no value can imitate a separator.
    private string Key(ReadOnlyTagCollection tags)
    {
        key.Clear();
        foreach (var tag in tags)
        {
            var value = tag.Value as string ?? PrometheusNaming.LabelValue(tag.Value);
            key.Append(tag.Key.Length).Append(':').Append(tag.Key).Append(value.Length).Append(':').Append(value);
        }

        return key.ToString();
    }
}
