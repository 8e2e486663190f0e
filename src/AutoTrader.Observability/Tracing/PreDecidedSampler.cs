using System.Diagnostics;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.Tracing;

/// <summary>
/// The configured sampler, extended so that a server can decide a request's sampling before any
/// span work and the decision holds for the whole request.
/// </summary>
/// <remarks>
/// The SDK turns every root span its sampler drops into an unrecorded, propagation-only activity,
/// after making a trace id for the sampler to decide on. A server that draws the root decision
/// first (<see cref="SampleRoot"/>) makes no span for a dropped request, only a stand-in activity
/// of its own (docs/PERFORMANCE.md); this sampler keeps the two halves consistent. The span of a
/// request decided sampled is recorded without a second draw (<see cref="StartSampledRoot"/>), and
/// a span whose parent is local and unrecorded (inside such a dropped request, or under any span
/// the SDK did not record) is dropped whatever the configured sampler says, so that a trace is
/// kept or dropped whole. Other spans are left to the configured sampler.
/// </remarks>
internal sealed class PreDecidedSampler(Sampler configured) : Sampler
{
    [ThreadStatic]
    private static bool t_startingSampledRequest;

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var parent = samplingParameters.ParentContext;
        if (parent.TraceId == default)
        {
            if (t_startingSampledRequest)
            {
                return new SamplingResult(SamplingDecision.RecordAndSample);
            }
        }
        else if (!parent.IsRemote && (parent.TraceFlags & ActivityTraceFlags.Recorded) == 0)
        {
            return new SamplingResult(SamplingDecision.Drop);
        }

        return configured.ShouldSample(samplingParameters);
    }

    /// <summary>
    /// Draws the decision for a request that continues no caller's trace: true with the
    /// probability the configured sampler keeps a root span (<see cref="TraceSamplers.RootProbability"/>).
    /// </summary>
    /// <remarks>
    /// A random number, not the sampler: the SDK's ratio sampler decides on a trace id, and an
    /// <see cref="ActivityTraceId"/> is a 32-character hex string that it would decode again for
    /// every request. The odds are the same; the request's trace id is made after the draw, by the
    /// span of a sampled request or the stand-in activity of a dropped one.
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
}
