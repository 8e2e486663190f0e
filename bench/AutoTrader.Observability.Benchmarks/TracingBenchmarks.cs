using System.Diagnostics;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tracing;
using BenchmarkDotNet.Attributes;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.Benchmarks;

/// <summary>
/// One traced operation against a raw <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// with the same two attributes, through the same tracer provider (so the same sampler and
/// processors), sampled and not sampled. No exporter: this measures the application's side.
/// dotnet run -c Release --project bench/AutoTrader.Observability.Benchmarks -- --filter '*TracingBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class TracingBenchmarks
{
    private static readonly ActivitySource Raw = new("AutoTrader.Benchmarks.Raw");
    private TracerProvider? _provider;

    /// <summary>
    /// Recorded; dropped by the probability sampler (the SDK still creates a propagation-only
    /// span); switched off (nobody listens to the source).
    /// </summary>
    [Params("always_on", "probability_0", "always_off")]
    public string Sampling { get; set; } = "always_on";

    [GlobalSetup]
    public void Setup()
    {
        var options = new ObservabilityOptions();
        options.Tracing.Sampling.Strategy = Sampling == "probability_0" ? "probability" : Sampling;
        options.Tracing.Sampling.Probability = 0;
        // Listened to exactly when the AutoTrader source is, as CreateTracerProvider decides.
        _provider = AutoTraderTracing.CreateTracerProvider(options, builder =>
        {
            if (Sampling != "always_off")
            {
                builder.AddSource(Raw.Name);
            }
        });
    }

    [GlobalCleanup]
    public void Cleanup() => _provider?.Dispose();

    [Benchmark(Baseline = true)]
    public void Raw_StartActivity()
    {
        using var activity = Raw.StartActivity("data_fetch");
        activity?.SetTag("source", "coingecko");
        activity?.SetTag("records_fetched", 12L);
    }

    [Benchmark]
    public void TraceOperation()
    {
        using var operation = AutoTraderTracing.TraceOperation("data_fetch", ("source", "coingecko"), ("records_fetched", 12));
    }

    [Benchmark]
    public int Trace_function() => AutoTraderTracing.Trace(static () => 12);
}
