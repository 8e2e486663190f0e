using AutoTrader.Observability.Configuration;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.Tracing;

/// <summary>The sampler named by <c>tracing.sampling</c>.</summary>
internal static class TraceSamplers
{
    /// <summary>
    /// <c>probability</c> decides on the root span only and children follow their parent, so a
    /// trace is kept or dropped whole (also across services, through the W3C sampled flag).
    /// </summary>
    public static Sampler From(TracingOptions tracing) => !tracing.Enabled
        ? new AlwaysOffSampler()
        : tracing.Sampling.Strategy switch
        {
            "always_on" => new AlwaysOnSampler(),
            "always_off" => new AlwaysOffSampler(),
            "probability" => new ParentBasedSampler(new TraceIdRatioBasedSampler(tracing.Sampling.Probability)),
            var other => throw new ObservabilityConfigurationException(
                $"observability.tracing.sampling.strategy = '{other}': allowed values are " + string.Join(", ", TraceSamplingOptions.Strategies)),
        };

    /// <summary>The probability that <see cref="From"/>'s sampler keeps a root span: 1, 0, or the configured probability.</summary>
    public static double RootProbability(TracingOptions tracing) => From(tracing) switch
    {
        AlwaysOnSampler => 1,
        AlwaysOffSampler => 0,
        _ => tracing.Sampling.Probability,
    };
}
