using System.Text.RegularExpressions;

namespace AutoTrader.Observability.Metrics;

/// <summary>The rules a metric definition must follow: Prometheus names, distinct label names, increasing buckets.</summary>
internal static partial class MetricDefinitionRules
{
    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    /// <summary>Throws <see cref="ArgumentException"/> naming the rule a definition breaks.</summary>
    public static void Validate(MetricDefinition definition)
    {
        var name = definition.Name;
        if (string.IsNullOrEmpty(name) || !MetricName().IsMatch(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid Prometheus metric name: it must match [a-zA-Z_:][a-zA-Z0-9_:]* (letters, digits, '_' and ':', not starting with a digit).",
                nameof(definition));
        }

        if (definition.Kind == MetricKind.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Counter '{name}' must end in '_total' (for example '{name}_total').", nameof(definition));
        }

        if (definition.Kind != MetricKind.Counter && name.EndsWith("_total", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Only counters may end in '_total'; '{name}' is a {definition.Kind.ToString().ToLowerInvariant()}.", nameof(definition));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var label in definition.LabelNames)
        {
            if (string.IsNullOrEmpty(label) || !LabelName().IsMatch(label) || label.StartsWith("__", StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Metric '{name}': '{label}' is not a valid Prometheus label name: it must match [a-zA-Z_][a-zA-Z0-9_]* and not start with '__'.",
                    nameof(definition));
            }

            if (definition.Kind == MetricKind.Histogram && label == "le")
            {
                throw new ArgumentException($"Histogram '{name}' cannot have a label named 'le' (Prometheus uses it for buckets).", nameof(definition));
            }

            if (!seen.Add(label))
            {
                throw new ArgumentException($"Metric '{name}' names label '{label}' twice.", nameof(definition));
            }
        }

        for (var i = 1; i < definition.Buckets.Count; i++)
        {
            if (!(definition.Buckets[i] > definition.Buckets[i - 1]))
            {
                throw new ArgumentException($"Histogram '{name}': buckets must be strictly increasing.", nameof(definition));
            }
        }
    }
}
