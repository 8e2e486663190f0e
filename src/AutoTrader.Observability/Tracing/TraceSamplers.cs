using AutoTrader.Observability.Configuration;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.Tracing;

/// <summary>The sampler named by <c>tracing.sampling</c>.</summary>
internal static class TraceSamplers
{
    /// <summary>
    /// <c>probability</c> decides on the root span only and children follow their parent, so a
    /// trace is kept or dropped whole (also across services, through the W3C sampled flag). The
    /// OpenTelemetry names are the SDK's samplers of the same names.
    /// </summary>
    public static Sampler From(TracingOptions tracing) => !tracing.Enabled
        ? new AlwaysOffSampler()
        : tracing.Sampling.Strategy switch
        {
            "always_on" => new AlwaysOnSampler(),
            "always_off" => new AlwaysOffSampler(),
            "probability" => new ParentBasedSampler(new TraceIdRatioBasedSampler(tracing.Sampling.Probability)),
            "traceidratio" => new TraceIdRatioBasedSampler(tracing.Sampling.Probability),
            "parentbased_always_on" => new ParentBasedSampler(new AlwaysOnSampler()),
            "parentbased_always_off" => new ParentBasedSampler(new AlwaysOffSampler()),
            var other => throw new ObservabilityConfigurationException(
                $"observability.tracing.sampling.strategy = '{other}': allowed values are " + string.Join(", ", TraceSamplingOptions.Strategies)),
        };

    /// <summary>The probability that <see cref="From"/>'s sampler keeps a root span: 1, 0, or the configured probability.</summary>
    public static double RootProbability(TracingOptions tracing) => !tracing.Enabled
        ? 0
        : tracing.Sampling.Strategy switch
        {
            "always_on" or "parentbased_always_on" => 1,
            "always_off" or "parentbased_always_off" => 0,
            _ => tracing.Sampling.Probability,
        };
}
