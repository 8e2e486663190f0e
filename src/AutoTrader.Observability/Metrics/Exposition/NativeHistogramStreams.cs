using AutoTrader.Observability.Configuration;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Metrics.Exposition;

/// <summary>
/// The second stream of a histogram configured under <c>metrics.histograms.native</c>: the SDK's
/// base-2 exponential aggregation of the same measurements, named after the classic stream with
/// <see cref="Suffix"/>, which the protobuf exposition merges into the classic family.
/// </summary>
/// <remarks>
/// A second view rather than one exponential stream in place of the explicit buckets: the text
/// formats, and every Prometheus scraping without native histograms, keep the classic buckets
/// byte for byte; a Prometheus with them stores the native histogram only.
/// </remarks>
internal static class NativeHistogramStreams
{
    /// <summary>What the native stream's name adds to the instrument's, e.g. <c>scan_duration_seconds.native</c>.</summary>
    public const string Suffix = ".native";

    /// <summary>The native stream of the histogram <paramref name="name"/>, or null when it is not configured.</summary>
    public static MetricStreamConfiguration? For(string name, HistogramBucketOptions histograms, int cardinalityLimit) =>
        histograms.Native is { } native && native.TryGetValue(name, out var options)
            ? new Base2ExponentialBucketHistogramConfiguration
            {
                Name = name + Suffix,
                MaxSize = options.MaxBuckets,
                MaxScale = options.MaxScale,
                CardinalityLimit = cardinalityLimit,
            }
            : null;

    /// <summary>Whether <paramref name="metric"/> is a native stream; its classic stream's name is then <paramref name="classicName"/>.</summary>
    public static bool IsNative(Metric metric, out string classicName)
    {
        var native = metric.MetricType == MetricType.ExponentialHistogram && metric.Name.EndsWith(Suffix, StringComparison.Ordinal);
        classicName = native ? metric.Name[..^Suffix.Length] : string.Empty;
        return native;
    }
}
