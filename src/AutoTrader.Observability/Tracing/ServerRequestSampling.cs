using System.Diagnostics;
using AutoTrader.Observability.Configuration;

namespace AutoTrader.Observability.Tracing;

/// <summary>
/// How a server decides, before any span work, whether a request that continues no caller's
/// trace is sampled, with the odds of the configured sampler; the tracer provider that
/// <c>AddAutoTraderTracing</c> builds then keeps that decision for the whole request. The
/// ASP.NET Core request spans use it; a server of another kind can too.
/// </summary>
public sealed class ServerRequestSampling
{
    /// <summary>
    /// The activity source of the HTTP server spans of <c>AutoTrader.Observability.AspNetCore</c>,
    /// listened to by the tracer provider with <see cref="AutoTraderTracing.SourceName"/>.
    /// </summary>
    public const string HttpServerSourceName = "AutoTrader.Observability.AspNetCore";

    private readonly double _rootProbability;

    /// <param name="tracing">The <c>observability.tracing</c> section.</param>
    public ServerRequestSampling(TracingOptions tracing)
    {
        ArgumentNullException.ThrowIfNull(tracing);
        RecordsAnything = TracerProviderConfiguration.RecordsAnything(tracing);
        _rootProbability = TraceSamplers.RootProbability(tracing);
    }

    /// <summary>False when tracing is off or samples nothing: a server then need not trace requests at all.</summary>
    public bool RecordsAnything { get; }

    /// <summary>Draws the decision for a request that continues no caller's trace.</summary>
    public bool SampleRoot() => PreDecidedSampler.SampleRoot(_rootProbability);

    /// <summary>Starts the server span of a request <see cref="SampleRoot"/> decided to sample: recorded, not drawn again.</summary>
    /// <param name="source">The server's activity source.</param>
    /// <param name="name">The span's operation name.</param>
    /// <returns>The span; null when no tracer provider listens to <paramref name="source"/>.</returns>
    public static Activity? StartSampledRoot(ActivitySource source, string name) => PreDecidedSampler.StartSampledRoot(source, name);
}
