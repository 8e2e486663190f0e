namespace AutoTrader.Observability.Otlp;

/// <summary>The three signals sent over OTLP, each with its own path and variables.</summary>
internal enum OtlpSignal
{
    /// <summary>Spans: <c>/v1/traces</c>, <c>OTEL_EXPORTER_OTLP_TRACES_*</c>.</summary>
    Traces,

    /// <summary>Metric points: <c>/v1/metrics</c>, <c>OTEL_EXPORTER_OTLP_METRICS_*</c>.</summary>
    Metrics,

    /// <summary>Log records: <c>/v1/logs</c>, <c>OTEL_EXPORTER_OTLP_LOGS_*</c>.</summary>
    Logs,
}

/// <summary>The names a signal goes by.</summary>
internal static class OtlpSignals
{
    /// <summary>Every signal, in the order check-config reports them.</summary>
    public static readonly IReadOnlyList<OtlpSignal> All = [OtlpSignal.Traces, OtlpSignal.Metrics, OtlpSignal.Logs];

    /// <summary><c>traces</c>, <c>metrics</c> or <c>logs</c>: the <c>signal</c> label and the last segment of the HTTP path.</summary>
    public static string Name(this OtlpSignal signal) => signal switch
    {
        OtlpSignal.Traces => "traces",
        OtlpSignal.Metrics => "metrics",
        _ => "logs",
    };

    /// <summary>The path an HTTP/protobuf endpoint gets: <c>/v1/traces</c>, <c>/v1/metrics</c> or <c>/v1/logs</c>.</summary>
    public static string HttpPath(this OtlpSignal signal) => "/v1/" + signal.Name();

    /// <summary>The signal's part of the per-signal variables: <c>TRACES</c> in <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>.</summary>
    public static string VariablePart(this OtlpSignal signal) => signal.Name().ToUpperInvariant();
}
