using System.Diagnostics;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tracing;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.Tests.Tracing;

[Collection(TracingTestGroup.Name)]
public sealed class SamplingTests
{
    [Theory]
    [InlineData("always_on", true, 100)]
    [InlineData("always_off", true, 0)]
    [InlineData("always_on", false, 0)]
    public void The_strategy_decides_which_operations_are_recorded(string strategy, bool enabled, int expected)
    {
        using var tracer = new RecordingTracer(o =>
        {
            o.Tracing.Sampling.Strategy = strategy;
            o.Tracing.Enabled = enabled;
        });

        for (var i = 0; i < 100; i++)
        {
            using var operation = AutoTraderTracing.TraceOperation("scan");
        }

        Assert.Equal(expected, tracer.Named("scan").Count);
    }

    [Fact]
    public void Probability_keeps_its_share_of_root_operations_within_five_standard_deviations()
    {
        const int roots = 10_000;
        const double probability = 0.1;
        using var tracer = new RecordingTracer(o =>
        {
            o.Tracing.Sampling.Strategy = "probability";
            o.Tracing.Sampling.Probability = probability;
        });

        for (var i = 0; i < roots; i++)
        {
            using var operation = AutoTraderTracing.TraceOperation("scan");
        }

        var kept = tracer.Named("scan").Count;
        var expected = roots * probability;
        var sigma = Math.Sqrt(roots * probability * (1 - probability));
        Assert.InRange(kept, expected - (5 * sigma), expected + (5 * sigma));
    }

    [Fact]
    public void Probability_keeps_or_drops_a_trace_whole()
    {
        using var tracer = new RecordingTracer(o =>
        {
            o.Tracing.Sampling.Strategy = "probability";
            o.Tracing.Sampling.Probability = 0.5;
        });

        for (var i = 0; i < 200; i++)
        {
            using var root = AutoTraderTracing.TraceOperation("scan");
            using var child = AutoTraderTracing.TraceOperation("fetch");
        }

        var roots = tracer.Named("scan").Select(a => a.SpanId).ToHashSet();
        var children = tracer.Named("fetch");
        Assert.InRange(roots.Count, 1, 199);
        Assert.Equal(roots.Count, children.Count);
        Assert.All(children, c => Assert.Contains(c.ParentSpanId, roots));
    }

    [Theory]
    [InlineData("always_on", true, 0.3, 1.0)]
    [InlineData("always_off", true, 0.3, 0.0)]
    [InlineData("probability", false, 0.3, 0.0)]
    [InlineData("probability", true, 0.3, 0.3)]
    public void A_request_root_is_kept_with_the_probability_the_sampler_keeps_a_root_span(string strategy, bool enabled, double probability, double expected)
    {
        var tracing = new TracingOptions { Enabled = enabled, Sampling = { Strategy = strategy, Probability = probability } };

        Assert.Equal(expected, TraceSamplers.RootProbability(tracing));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.75)]
    [InlineData(1.0)]
    public void A_request_root_is_drawn_at_its_odds_without_allocating(double probability)
    {
        const int draws = 10_000;
        PreDecidedSampler.SampleRoot(0.5); // a thread's first draw makes its random generator
        var before = GC.GetAllocatedBytesForCurrentThread();
        var kept = 0;
        for (var i = 0; i < draws; i++)
        {
            kept += PreDecidedSampler.SampleRoot(probability) ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        var sigma = Math.Sqrt(draws * probability * (1 - probability));
        Assert.InRange(kept, (draws * probability) - (5 * sigma), (draws * probability) + (5 * sigma));
    }

    [Theory]
    [InlineData(false, false, SamplingDecision.Drop)] // inside a request dropped before any span: its stand-in activity
    [InlineData(true, false, SamplingDecision.RecordAndSample)] // a caller's unsampled trace: the configured sampler decides
    [InlineData(false, true, SamplingDecision.RecordAndSample)]
    public void A_span_under_a_local_unrecorded_parent_is_dropped_whatever_the_configured_sampler_says(bool remote, bool recorded, SamplingDecision expected)
    {
        var sampler = new PreDecidedSampler(new AlwaysOnSampler());
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), recorded ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, traceState: null, isRemote: remote);

        var result = sampler.ShouldSample(new SamplingParameters(parent, parent.TraceId, "fetch", ActivityKind.Internal));

        Assert.Equal(expected, result.Decision);
    }

    [Fact]
    public void An_unknown_strategy_fails_start_up_naming_the_allowed_values()
    {
        var error = Assert.Throws<ObservabilityConfigurationException>(() => ObservabilityConfiguration.LoadYaml(
            "observability:\n  tracing:\n    sampling:\n      strategy: sometimes\n", new Dictionary<string, string>()));

        Assert.Contains("tracing.sampling.strategy", error.Message);
        Assert.Contains("always_on, always_off, probability", error.Message);
    }
}
