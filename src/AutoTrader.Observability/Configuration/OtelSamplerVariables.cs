namespace AutoTrader.Observability.Configuration;

/// <summary><c>OTEL_TRACES_SAMPLER</c> and <c>OTEL_TRACES_SAMPLER_ARG</c> onto <c>tracing.sampling</c>.</summary>
internal static class OtelSamplerVariables
{
    public const string Sampler = "OTEL_TRACES_SAMPLER";
    public const string Argument = "OTEL_TRACES_SAMPLER_ARG";

    /// <summary>Each sampler the specification names that the SDK here has, and the strategy that is it.</summary>
    private static readonly Dictionary<string, string> Strategies = new(StringComparer.Ordinal)
    {
        ["always_on"] = "always_on",
        ["always_off"] = "always_off",
        ["traceidratio"] = "traceidratio",
        ["parentbased_always_on"] = "parentbased_always_on",
        ["parentbased_always_off"] = "parentbased_always_off",
        ["parentbased_traceidratio"] = "probability",
    };

    /// <summary>
    /// Sets the strategy; for the ratio samplers also the probability, from the argument or, when
    /// it is unset, 1.0 (the specification's default). Without a sampler the argument is ignored,
    /// as the specification says.
    /// </summary>
    public static void Apply(Dictionary<string, ConfigurationEntry> entries, IReadOnlyDictionary<string, string> environment, List<string> problems)
    {
        if (EnvironmentVariableLayer.Value(environment, Sampler) is not { } name)
        {
            if (EnvironmentVariableLayer.Value(environment, Argument) is not null)
            {
                ObservabilityEventSource.Log.ConfigurationFallback(Argument, $"ignored: {Sampler} is not set, so tracing.sampling applies");
            }

            return;
        }

        if (!Strategies.TryGetValue(name.Trim(), out var strategy))
        {
            problems.Add($"{Sampler} = '{name}': allowed values are {string.Join(", ", Strategies.Keys)} (jaeger_remote and xray are not supported)");
            return;
        }

        entries["observability:tracing:sampling:strategy"] = new ConfigurationEntry(strategy, EnvironmentVariableLayer.Origin(Sampler));
        if (strategy is "traceidratio" or "probability")
        {
            if (EnvironmentVariableLayer.Value(environment, Argument) is { } argument)
            {
                entries["observability:tracing:sampling:probability"] = new ConfigurationEntry(argument.Trim(), EnvironmentVariableLayer.Origin(Argument));
            }
            else
            {
                entries["observability:tracing:sampling:probability"] = new ConfigurationEntry("1.0", $"{EnvironmentVariableLayer.Origin(Sampler)} ({Argument} unset)");
                ObservabilityEventSource.Log.ConfigurationFallback(Argument, $"unset: the {name.Trim()} sampler keeps every trace (1.0), the specification's default");
            }
        }
    }
}
