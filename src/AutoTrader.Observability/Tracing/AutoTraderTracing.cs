using System.Diagnostics;
using AutoTrader.Observability.Configuration;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.Tracing;

/// <summary>
/// The tracing API the application codes against: operations, span attributes, traced functions
/// and the ids of the current span. Spans come from one <see cref="ActivitySource"/>,
/// <see cref="SourceName"/>; whether they are recorded and where they go is decided by the tracer
/// provider built from configuration (<see cref="AutoTraderTracingServiceCollectionExtensions"/>).
/// </summary>
public static partial class AutoTraderTracing
{
    /// <summary>The name of the <see cref="ActivitySource"/> every AutoTrader span comes from.</summary>
    public const string SourceName = "AutoTrader";

    /// <summary>The source of every AutoTrader span; listened to by the tracer provider.</summary>
    public static ActivitySource Source { get; } = new(SourceName, typeof(AutoTraderTracing).Assembly.GetName().Version?.ToString());

    /// <summary>The W3C trace id (32 lowercase hex digits) of the current span, or null outside a span.</summary>
    public static string? GetTraceId() => W3CCurrent()?.TraceId.ToHexString();

    /// <summary>The W3C span id (16 lowercase hex digits) of the current span, or null outside a span.</summary>
    public static string? GetSpanId() => W3CCurrent()?.SpanId.ToHexString();

    /// <summary>
    /// Builds the tracer provider that <see cref="AutoTraderTracingServiceCollectionExtensions.AddAutoTraderTracing"/>
    /// registers, for code without a host (the CLI's one-shot commands). Dispose it before exiting:
    /// that flushes pending spans.
    /// </summary>
    /// <param name="options">Validated options.</param>
    /// <param name="configure">More sources, processors or exporters.</param>
    public static TracerProvider CreateTracerProvider(ObservabilityOptions options, Action<TracerProviderBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = TracerProviderConfiguration.Apply(Sdk.CreateTracerProviderBuilder(), options);
        configure?.Invoke(builder);
        return builder.Build();
    }

    private static Activity? W3CCurrent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current : null;
}
