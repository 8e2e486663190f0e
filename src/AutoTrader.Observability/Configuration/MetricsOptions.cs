using Microsoft.Extensions.Configuration;

namespace AutoTrader.Observability.Configuration;

/// <summary>The <c>observability.metrics</c> section.</summary>
public sealed class MetricsOptions
{
    /// <summary>Default scrape path.</summary>
    public const string DefaultPath = "/metrics";

    /// <summary>Whether metrics are collected and exposed. Default value: <c>true</c>.</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; } = true;

    /// <summary>Port of the scrape endpoint (<c>METRICS_PORT</c>). Default value: <c>9090</c>.</summary>
    [ConfigurationKeyName("port")]
    public int Port { get; set; } = 9090;

    /// <summary>Path of the scrape endpoint. Default value: <c>/metrics</c>.</summary>
    [ConfigurationKeyName("path")]
    public string Path { get; set; } = DefaultPath;

    /// <summary>
    /// Most distinct label sets one metric keeps; measurements with a further set are folded into
    /// the metric's overflow series. Default value: <c>2000</c>.
    /// </summary>
    [ConfigurationKeyName("cardinality_limit")]
    public int CardinalityLimit { get; set; } = 2000;

    /// <summary>
    /// Limits of single metrics by name, over <see cref="CardinalityLimit"/> and over a limit the
    /// defining code passes: <c>cardinality_limits: { api_requests_total: { limit: 500 } }</c>.
    /// Default value: none.
    /// </summary>
    [ConfigurationKeyName("cardinality_limits")]
    public Dictionary<string, MetricLimitOptions>? CardinalityLimits { get; set; }

    /// <summary>
    /// Whether every series carries <c>otel_scope_name</c>/<c>otel_scope_version</c> labels.
    /// Default value: <c>false</c> (the guide's label sets exactly).
    /// </summary>
    [ConfigurationKeyName("scope_labels")]
    public bool ScopeLabels { get; set; }

    /// <summary>
    /// Whether the meters of ASP.NET Core (hosting, Kestrel, exception handling) and of .NET's
    /// HttpClient and DNS resolution are exposed beside the catalog, on <c>/metrics</c> and on every
    /// other metrics exporter (docs/metrics.md lists their families). Default value: <c>false</c>
    /// (the guide's catalog and the runtime's metrics only).
    /// </summary>
    [ConfigurationKeyName("framework_meters")]
    public bool FrameworkMeters { get; set; }

    /// <summary>The values <see cref="Exemplars"/> accepts.</summary>
    public static readonly IReadOnlyList<string> ExemplarFilters = ["trace_based", "always_off"];

    /// <summary>
    /// Which measurements keep an exemplar (their <c>trace_id</c> and <c>span_id</c>), shown on
    /// histogram buckets and counters in the OpenMetrics exposition: <c>trace_based</c>, those
    /// recorded inside a sampled span, or <c>always_off</c>. Default value: <c>trace_based</c>.
    /// </summary>
    [ConfigurationKeyName("exemplars")]
    public string Exemplars { get; set; } = "trace_based";

    /// <summary>Histogram bucket boundaries.</summary>
    [ConfigurationKeyName("histograms")]
    public HistogramBucketOptions Histograms { get; set; } = new();

    /// <summary>TLS and authentication of the scrape endpoint; none by default.</summary>
    [ConfigurationKeyName("web")]
    public MetricsWebOptions Web { get; set; } = new();

    /// <summary>Where metrics are pushed besides the scrape endpoint; nowhere by default.</summary>
    [ConfigurationKeyName("exporters")]
    public MetricExportersOptions Exporters { get; set; } = new();
}

/// <summary>One entry of <c>observability.metrics.cardinality_limits</c>.</summary>
public sealed class MetricLimitOptions
{
    /// <summary>Most distinct label sets the metric keeps; at least 1.</summary>
    [ConfigurationKeyName("limit")]
    public int Limit { get; set; } = 2000;
}

/// <summary>
/// One entry of <c>observability.metrics.histograms.native</c>: the resolution of a native
/// (base-2 exponential) histogram, which starts at <see cref="MaxScale"/> and halves it whenever
/// the observed range needs more than <see cref="MaxBuckets"/> buckets.
/// </summary>
public sealed class NativeHistogramOptions
{
    /// <summary>The finest scale Prometheus accepts (a bucket grows by 2^(2^-8), about 0.27%).</summary>
    public const int FinestScale = 8;

    /// <summary>The coarsest scale Prometheus accepts (a bucket grows by 2^16).</summary>
    public const int CoarsestScale = -4;

    /// <summary>
    /// The highest <see cref="MaxBuckets"/>: each series holds an array of this many counts per
    /// sign from its first measurement, 8 KiB each at this bound.
    /// </summary>
    public const int MostBuckets = 1024;

    /// <summary>Most buckets, besides the zero bucket; 2 to 1024. Default value: <c>160</c>.</summary>
    [ConfigurationKeyName("max_buckets")]
    public int MaxBuckets { get; set; } = 160;

    /// <summary>
    /// The finest scale (Prometheus's schema): buckets grow by a factor of 2^(2^-scale), so a
    /// quantile is off by less than that factor; -4 to 8. Default value: <c>8</c>.
    /// </summary>
    [ConfigurationKeyName("max_scale")]
    public int MaxScale { get; set; } = FinestScale;
}

/// <summary>
/// The <c>observability.metrics.histograms</c> section: explicit bucket upper bounds, strictly
/// increasing. A null list means "use the default".
/// </summary>
/// <remarks>
/// Lists are nullable rather than pre-filled because the configuration binder appends to a
/// pre-filled list instead of replacing it.
/// </remarks>
public sealed class HistogramBucketOptions
{
    /// <summary>Default value: 0.1, 0.5, 1, 2.5, 5, 10, 30, 60.</summary>
    public static readonly IReadOnlyList<double> DefaultScanDuration = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>Default value: 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5.</summary>
    public static readonly IReadOnlyList<double> DefaultApiLatency = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    /// <summary>Default value: 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10.</summary>
    public static readonly IReadOnlyList<double> DefaultDataSourceLatency = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Default value: 0, 10, ..., 100.</summary>
    public static readonly IReadOnlyList<double> DefaultGemScore = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

    /// <summary>Default value: 0, 0.1, ..., 1.0.</summary>
    public static readonly IReadOnlyList<double> DefaultConfidence = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

    /// <summary>Default value: 0.1, 0.5, 1, 2, 5, 10, 30.</summary>
    public static readonly IReadOnlyList<double> DefaultLlmLatency = [0.1, 0.5, 1, 2, 5, 10, 30];

    /// <summary>Buckets of <c>scan_duration_seconds</c>.</summary>
    [ConfigurationKeyName("scan_duration_buckets")]
    public List<double>? ScanDuration { get; set; }

    /// <summary>Buckets of <c>api_request_duration_seconds</c>.</summary>
    [ConfigurationKeyName("api_latency_buckets")]
    public List<double>? ApiLatency { get; set; }

    /// <summary>Buckets of <c>data_source_latency_seconds</c>.</summary>
    [ConfigurationKeyName("data_source_latency_buckets")]
    public List<double>? DataSourceLatency { get; set; }

    /// <summary>Buckets of <c>gem_score_distribution</c>.</summary>
    [ConfigurationKeyName("gem_score_buckets")]
    public List<double>? GemScore { get; set; }

    /// <summary>Buckets of <c>confidence_score_distribution</c>.</summary>
    [ConfigurationKeyName("confidence_buckets")]
    public List<double>? Confidence { get; set; }

    /// <summary>Buckets of <c>llm_latency_seconds</c>.</summary>
    [ConfigurationKeyName("llm_latency_buckets")]
    public List<double>? LlmLatency { get; set; }

    /// <summary>
    /// Histograms that are also kept as Prometheus native histograms, by metric name:
    /// <c>native: { scan_duration_seconds: { max_buckets: 160 } }</c>. They appear in the protobuf
    /// exposition beside their classic buckets; the text formats are unchanged. Default value: none.
    /// </summary>
    [ConfigurationKeyName("native")]
    public Dictionary<string, NativeHistogramOptions>? Native { get; set; }

    /// <summary>Every bucket list with its configuration key, configured or default.</summary>
    public IEnumerable<(string Key, IReadOnlyList<double> Buckets)> All()
    {
        yield return ("scan_duration_buckets", ScanDuration ?? DefaultScanDuration);
        yield return ("api_latency_buckets", ApiLatency ?? DefaultApiLatency);
        yield return ("data_source_latency_buckets", DataSourceLatency ?? DefaultDataSourceLatency);
        yield return ("gem_score_buckets", GemScore ?? DefaultGemScore);
        yield return ("confidence_buckets", Confidence ?? DefaultConfidence);
        yield return ("llm_latency_buckets", LlmLatency ?? DefaultLlmLatency);
    }
}
