using System.Diagnostics;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tracing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.Tests.Tracing;

/// <summary>A tracer provider built from options the way the application builds it, exporting to a list.</summary>
internal sealed class RecordingTracer : IDisposable
{
    private readonly TracerProvider _provider;

    public RecordingTracer(Action<ObservabilityOptions>? configure = null)
    {
        Options = new ObservabilityOptions();
        Options.Tracing.Sampling.Strategy = "always_on";
        configure?.Invoke(Options);
        _provider = AutoTraderTracing.CreateTracerProvider(Options, builder => builder.AddInMemoryExporter(Exported));
    }

    public ObservabilityOptions Options { get; }

    /// <summary>Ended, sampled spans in the order they ended.</summary>
    public List<Activity> Exported { get; } = [];

    public Activity Single(string name) => Assert.Single(Named(name));

    public List<Activity> Named(string name)
    {
        _provider.ForceFlush();
        return [.. Exported.Where(a => a.DisplayName == name)];
    }

    public void Dispose() => _provider.Dispose();
}
