using System.Diagnostics;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.Tracing;

/// <summary>
/// The configured sampler, extended so that a server can decide a request's sampling before any
/// span work and the decision holds for the whole request.
/// </summary>
/// <remarks>
/// The SDK turns every root span its sampler drops into an unrecorded, propagation-only activity.
/// For an HTTP request that is an activity object, two random ids and <c>Activity.Current</c> set
/// for the rest of the request, for each of the 90% of requests that are not traced: about 2% of
/// the server's CPU in a profile under load (docs/PERFORMANCE.md). A server that draws the root decision first
/// (<see cref="SampleRoot"/>) starts no activity for a dropped request; this sampler keeps the two
/// halves consistent. The span of a request decided sampled is recorded without a second draw
/// (<see cref="StartSampledRoot"/>), and a root span started inside a dropped request
/// (<see cref="MarkRequestDropped"/>) is dropped too, so that a trace is still kept or dropped whole.
/// Spans with a parent, local or a caller's, are left to the configured sampler.
/// </remarks>
internal sealed class PreDecidedSampler(Sampler configured) : Sampler
{
    [ThreadStatic]
    private static bool t_startingSampledRequest;

    private static readonly AsyncLocal<bool> DroppedRequest = new();

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (samplingParameters.ParentContext.TraceId == default)
        {
            if (t_startingSampledRequest)
            {
                return new SamplingResult(SamplingDecision.RecordAndSample);
            }

            if (DroppedRequest.Value)
            {
                return new SamplingResult(SamplingDecision.Drop);
            }
        }

        return configured.ShouldSample(samplingParameters);
    }

    /// <summary>
    /// Draws the decision for a request that continues no caller's trace: true with the
    /// probability the configured sampler keeps a root span (<see cref="TraceSamplers.RootProbability"/>).
    /// </summary>
    /// <remarks>
    /// A random number, not the sampler: the SDK's ratio sampler decides on a trace id, and an
    /// <see cref="ActivityTraceId"/> is a 32-character hex string, made and decoded again for
    /// every request of which 90% are then dropped. The odds are the same, and a sampled request's
    /// span takes a trace id of its own either way.
    /// </remarks>
    public static bool SampleRoot(double probability) => probability >= 1 || (probability > 0 && Random.Shared.NextDouble() < probability);

    /// <summary>Starts the root span of a request <see cref="SampleRoot"/> decided to sample: recorded, not drawn again.</summary>
    public static Activity? StartSampledRoot(ActivitySource source, string name)
    {
        t_startingSampledRequest = true;
        try
        {
            return source.StartActivity(name, ActivityKind.Server, parentContext: default);
        }
        finally
        {
            t_startingSampledRequest = false;
        }
    }

    /// <summary>Drops the root spans started in the rest of the caller's asynchronous flow: the request was not sampled.</summary>
    public static void MarkRequestDropped() => DroppedRequest.Value = true;
}
