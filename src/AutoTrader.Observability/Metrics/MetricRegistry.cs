using System.Diagnostics.Metrics;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AutoTrader.Observability.Metrics;

/// <summary>
/// Defines metric families on the <c>AutoTrader</c> meter and keeps them consistent: valid
/// Prometheus names, one type and label set per name, a bounded number of series per metric.
/// </summary>
/// <remarks>
/// The C# counterpart of prometheus_client's registry: <see cref="Counter"/>, <see cref="Histogram"/>
/// and <see cref="Gauge"/> are what a module calls to define its own metrics. Defining a name again
/// with the same type and labels returns the existing instrument; with another type or label set
/// it throws.
/// </remarks>
public sealed class MetricRegistry : IDisposable
{
    /// <summary>The name of the meter every AutoTrader metric is recorded on.</summary>
    public const string MeterName = "AutoTrader";

    /// <summary>The most labels one metric may have.</summary>
    public const int MaxLabels = 8;

    /// <summary>The buckets prometheus_client gives a histogram defined without any.</summary>
    public static readonly IReadOnlyList<double> DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly Dictionary<string, LabeledInstrument> instruments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (MetricDefinition Definition, int CardinalityLimit)> streams = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private readonly int defaultCardinalityLimit;
    private readonly Dictionary<string, int> configuredCardinalityLimits;
    private readonly ILogger logger;
    private readonly Counter<long> overflow;

    /// <summary>Creates a registry with its own <c>AutoTrader</c> meter.</summary>
    /// <param name="options">Metrics options (the default cardinality limit and the limits of single metrics).</param>
    /// <param name="logger">Where the one warning per overflowing metric goes.</param>
    public MetricRegistry(MetricsOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        defaultCardinalityLimit = options.CardinalityLimit;
        configuredCardinalityLimits = (options.CardinalityLimits ?? new Dictionary<string, MetricLimitOptions>())
            .ToDictionary(entry => entry.Key, entry => entry.Value.Limit, StringComparer.Ordinal);
        this.logger = logger ?? NullLogger.Instance;
        Meter = new Meter(MeterName);
        var overflowDefinition = MetricCatalog.CardinalityOverflow;
        overflow = Meter.CreateCounter<long>(overflowDefinition.Name, null, overflowDefinition.Help);
        Definitions.Add(overflowDefinition);
    }

    /// <summary>The meter the instruments record on; a MeterProvider listens to it by <see cref="MeterName"/>.</summary>
    public Meter Meter { get; }

    private List<MetricDefinition> Definitions { get; } = [];

    /// <summary>Every family defined so far, in definition order.</summary>
    public IReadOnlyList<MetricDefinition> Families
    {
        get
        {
            lock (gate)
            {
                return [.. Definitions];
            }
        }
    }

    /// <summary>Defines (or returns the existing) counter; its name must end in <c>_total</c>.</summary>
    /// <param name="name">Prometheus name, e.g. <c>module_operations_total</c>.</param>
    /// <param name="help">HELP text.</param>
    /// <param name="labelNames">Label names, in the order values are given when recording.</param>
    /// <param name="cardinalityLimit">Most label sets kept; <c>metrics.cardinality_limits.&lt;name&gt;</c> overrides it; default value: <c>metrics.cardinality_limit</c>.</param>
    /// <exception cref="ArgumentException">The name or a label name breaks the Prometheus rules.</exception>
    /// <exception cref="InvalidOperationException">The name is already defined with another type or label set.</exception>
    public LabeledCounter Counter(string name, string help, IReadOnlyList<string> labelNames, int? cardinalityLimit = null) =>
        Define(new MetricDefinition(name, MetricKind.Counter, help, labelNames, []), cardinalityLimit, (d, g) => new LabeledCounter(Meter, d, g));

    /// <summary>Defines (or returns the existing) histogram.</summary>
    /// <param name="name">Prometheus name, e.g. <c>module_duration_seconds</c>.</param>
    /// <param name="help">HELP text.</param>
    /// <param name="labelNames">Label names, in the order values are given when recording.</param>
    /// <param name="buckets">Bucket upper bounds, strictly increasing; default value: <see cref="DefaultBuckets"/>.</param>
    /// <param name="cardinalityLimit">Most label sets kept; <c>metrics.cardinality_limits.&lt;name&gt;</c> overrides it; default value: <c>metrics.cardinality_limit</c>.</param>
    /// <exception cref="ArgumentException">The name, a label name or the buckets break the Prometheus rules.</exception>
    /// <exception cref="InvalidOperationException">The name is already defined with another type or label set.</exception>
    public LabeledHistogram Histogram(string name, string help, IReadOnlyList<string> labelNames, IReadOnlyList<double>? buckets = null, int? cardinalityLimit = null) =>
        Define(new MetricDefinition(name, MetricKind.Histogram, help, labelNames, [.. buckets ?? DefaultBuckets]), cardinalityLimit, (d, g) => new LabeledHistogram(Meter, d, g));

    /// <summary>Defines (or returns the existing) gauge whose value is set.</summary>
    /// <param name="name">Prometheus name.</param>
    /// <param name="help">HELP text.</param>
    /// <param name="labelNames">Label names, in the order values are given when recording.</param>
    /// <param name="cardinalityLimit">Most label sets kept; <c>metrics.cardinality_limits.&lt;name&gt;</c> overrides it; default value: <c>metrics.cardinality_limit</c>.</param>
    /// <exception cref="ArgumentException">The name or a label name breaks the Prometheus rules.</exception>
    /// <exception cref="InvalidOperationException">The name is already defined with another type or label set.</exception>
    public LabeledGauge Gauge(string name, string help, IReadOnlyList<string> labelNames, int? cardinalityLimit = null) =>
        Define(new MetricDefinition(name, MetricKind.Gauge, help, labelNames, []), cardinalityLimit, (d, g) => new LabeledGauge(Meter, d, g));

    /// <summary>Defines (or returns the existing) gauge that moves by increments (an up-down counter).</summary>
    /// <param name="name">Prometheus name.</param>
    /// <param name="help">HELP text.</param>
    /// <param name="labelNames">Label names, in the order values are given when recording.</param>
    /// <param name="cardinalityLimit">Most label sets kept; <c>metrics.cardinality_limits.&lt;name&gt;</c> overrides it; default value: <c>metrics.cardinality_limit</c>.</param>
    /// <exception cref="ArgumentException">The name or a label name breaks the Prometheus rules.</exception>
    /// <exception cref="InvalidOperationException">The name is already defined with another type or label set.</exception>
    public LabeledUpDownGauge UpDownGauge(string name, string help, IReadOnlyList<string> labelNames, int? cardinalityLimit = null) =>
        Define(new MetricDefinition(name, MetricKind.Gauge, help, labelNames, []), cardinalityLimit, (d, g) => new LabeledUpDownGauge(Meter, d, g));

    /// <summary>
    /// The definition and cardinality limit of the instrument named <paramref name="name"/>, if any.
    /// Known before the instrument is created, because a MeterProvider asks (for its view) while
    /// the instrument is being created.
    /// </summary>
    internal (MetricDefinition Definition, int CardinalityLimit)? FindStream(string name)
    {
        lock (gate)
        {
            return streams.TryGetValue(name, out var stream) ? stream : null;
        }
    }

    /// <summary>Publishes <c>telemetry_dropped_total</c> on this registry's meter, read from <paramref name="loss"/> at each collection.</summary>
    internal void Observe(TelemetryLoss loss)
    {
        var definition = MetricCatalog.TelemetryDropped;
        lock (gate)
        {
            Meter.CreateObservableCounter(definition.Name, loss.Observe, null, definition.Help);
            Definitions.Add(definition);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Meter.Dispose();

    /// <summary>The OpenTelemetry unit implied by a Prometheus name's unit suffix.</summary>
    internal static string? UnitOf(string name) =>
        name.EndsWith("_seconds", StringComparison.Ordinal) ? "s"
        : name.EndsWith("_bytes", StringComparison.Ordinal) ? "By"
        : null;

    private T Define<T>(MetricDefinition definition, int? cardinalityLimit, Func<MetricDefinition, CardinalityGuard, T> create)
        where T : LabeledInstrument
    {
        MetricDefinitionRules.Validate(definition);
        if (definition.LabelNames.Count > MaxLabels)
        {
            throw new ArgumentException($"Metric '{definition.Name}' has {definition.LabelNames.Count} labels; at most {MaxLabels} are allowed.", nameof(definition));
        }

        // The configuration wins over the code, so that operators can tune a limit without a build.
        var limit = configuredCardinalityLimits.TryGetValue(definition.Name, out var configured) ? configured : cardinalityLimit ?? defaultCardinalityLimit;
        if (limit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(cardinalityLimit), limit, $"Metric '{definition.Name}': the cardinality limit must be at least 1.");
        }

        lock (gate)
        {
            if (instruments.TryGetValue(definition.Name, out var existing))
            {
                return existing is T same && existing.Definition.IsCompatibleWith(definition)
                    ? same
                    : throw new InvalidOperationException(
                        $"Metric '{definition.Name}' is already defined as {Describe(existing.Definition, existing.GetType())}; " +
                        $"it cannot be redefined as {Describe(definition, typeof(T))}.");
            }

            if (definition.Name == MetricCatalog.CardinalityOverflow.Name || definition.Name == MetricCatalog.TelemetryDropped.Name)
            {
                throw new InvalidOperationException($"Metric '{definition.Name}' is reserved for the registry's own metrics.");
            }

            var name = definition.Name;
            var guard = new CardinalityGuard(
                limit,
                definition.LabelNames,
                onFirstFold: () =>
                {
                    logger.Warning(
                        "metric_cardinality_limit_reached",
                        ("metric", name),
                        ("limit", limit),
                        ("overflow_label_value", LabeledInstrument.OverflowLabelValue));
                    ObservabilityEventSource.Log.CardinalityLimitReached(name, limit);
                },
                onFold: () =>
                {
                    overflow.Add(1, new KeyValuePair<string, object?>("metric", name));
                    ObservabilityEventSource.Log.CardinalityFolded(name);
                });
            streams[name] = (definition, limit);
            var instrument = create(definition, guard);
            instruments.Add(name, instrument);
            Definitions.Add(definition);
            return instrument;
        }
    }

    private static string Describe(MetricDefinition definition, Type instrumentType) =>
        $"a {definition.Kind.ToString().ToLowerInvariant()} ({instrumentType.Name}) with labels [{string.Join(", ", definition.LabelNames)}]";
}
