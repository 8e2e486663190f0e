using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>
/// The native streams of one collected batch (see <see cref="NativeHistogramStreams"/>), and the
/// point of a classic histogram's native stream with the same label set.
/// </summary>
/// <remarks>
/// The two streams get their label sets from the same measurements, so their points nearly always
/// come in the same order and the point at the classic one's position is the match, found without
/// allocating. Concurrent first measurements of two label sets may reach the streams in different
/// orders: then, and only then, the native points are indexed by label set.
/// </remarks>
internal sealed class NativeCompanions
{
    private readonly Dictionary<string, Metric> nativeByClassicName = new(StringComparer.Ordinal);
    private readonly List<MetricPoint> points = [];
    private readonly Dictionary<string, int> positionByLabels = new(StringComparer.Ordinal);
    private readonly StringBuilder key = new();
    private int next;

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
        positionByLabels.Clear();
        next = 0;
        if (nativeByClassicName.Count == 0 || !nativeByClassicName.TryGetValue(classic.Name, out var native))
        {
            return false;
        }

        foreach (ref readonly var point in native.GetMetricPoints())
        {
            points.Add(point);
        }

        return true;
    }

    /// <summary>
    /// The loaded native point with <paramref name="classic"/>'s label set; call it for the
    /// classic points in their order.
    /// </summary>
    public bool TryFind(in MetricPoint classic, out MetricPoint native)
    {
        var position = next++;
        if (position < points.Count && SameLabels(points[position].Tags, classic.Tags))
        {
            native = points[position];
            return true;
        }

        if (positionByLabels.Count == 0)
        {
            for (var i = 0; i < points.Count; i++)
            {
                positionByLabels[Key(points[i].Tags)] = i;
            }
        }

        var found = positionByLabels.TryGetValue(Key(classic.Tags), out position);
        native = found ? points[position] : default;
        return found;
    }

    private static bool SameLabels(ReadOnlyTagCollection a, ReadOnlyTagCollection b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        var other = b.GetEnumerator();
        foreach (var tag in a)
        {
            other.MoveNext();
            if (!string.Equals(tag.Key, other.Current.Key, StringComparison.Ordinal) || !Equals(tag.Value, other.Current.Value))
            {
                return false;
            }
        }

        return true;
    }

    // Each name and value after its length, so that no value can imitate a separator.
    private string Key(ReadOnlyTagCollection tags)
    {
        key.Clear();
        foreach (var tag in tags)
        {
            var value = tag.Value as string ?? OpenTelemetryToPrometheus.LabelValue(tag.Value);
            key.Append(tag.Key.Length).Append(':').Append(tag.Key).Append(value.Length).Append(':').Append(value);
        }

        return key.ToString();
    }
}
