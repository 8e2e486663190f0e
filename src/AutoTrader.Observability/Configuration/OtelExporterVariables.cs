using AutoTrader.Observability.Otlp;

namespace AutoTrader.Observability.Configuration;

/// <summary>
/// The OTLP exporter variables (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>_PROTOCOL</c>,
/// <c>_HEADERS</c> and their per-signal forms), the exporter selection
/// (<c>OTEL_TRACES_EXPORTER</c>, <c>OTEL_METRICS_EXPORTER</c>, <c>OTEL_LOGS_EXPORTER</c>) and
/// <c>OTEL_SDK_DISABLED</c>, onto each signal's <c>exporters.otlp</c> section.
/// </summary>
/// <remarks>
/// An endpoint variable (<c>OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or the signal's
/// own) switches the signal's OTLP export on, as the OpenTelemetry SDKs' default exporter does;
/// an <c>OTEL_&lt;SIGNAL&gt;_EXPORTER</c> and <c>OTEL_SDK_DISABLED</c> have the last word on it.
/// The console's log lines and the scrape endpoint are the service's own outputs: no variable
/// here turns them off.
/// </remarks>
internal static class OtelExporterVariables
{
    public const string Endpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string Protocol = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string Headers = "OTEL_EXPORTER_OTLP_HEADERS";
    public const string SdkDisabled = "OTEL_SDK_DISABLED";

    /// <summary>The guide's endpoint variable, which sets every signal's endpoint (with a higher precedence, see <see cref="EnvironmentOverrides"/>).</summary>
    public const string GuideEndpoint = "OTLP_ENDPOINT";

    /// <summary><c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> and its siblings: the signal's full URL, used as is.</summary>
    public static string SignalEndpoint(OtlpSignal signal) => $"OTEL_EXPORTER_OTLP_{signal.VariablePart()}_ENDPOINT";

    /// <summary><c>OTEL_TRACES_EXPORTER</c>, <c>OTEL_METRICS_EXPORTER</c> or <c>OTEL_LOGS_EXPORTER</c>.</summary>
    public static string Selection(OtlpSignal signal) => $"OTEL_{signal.VariablePart()}_EXPORTER";

    /// <summary>The configuration section of a signal's OTLP exporter.</summary>
    public static string Section(OtlpSignal signal) => signal switch
    {
        OtlpSignal.Traces => "observability:tracing:exporters:otlp",
        OtlpSignal.Metrics => "observability:metrics:exporters:otlp",
        _ => "observability:logging:exporters:otlp",
    };

    /// <summary>Whether a signal's endpoint was set by its own variable, and is therefore its full URL.</summary>
    public static bool IsSignalEndpoint(string origin, OtlpSignal signal) =>
        origin == EnvironmentVariableLayer.Origin(SignalEndpoint(signal));

    /// <summary>The values each selection variable accepts.</summary>
    private static IReadOnlyList<string> Accepted(OtlpSignal signal) => signal switch
    {
        OtlpSignal.Traces => ["otlp", "console", "none"],
        OtlpSignal.Metrics => ["otlp", "prometheus", "none"],
        _ => ["otlp", "console", "none"],
    };

    public static void Apply(Dictionary<string, ConfigurationEntry> entries, IReadOnlyDictionary<string, string> environment, List<string> problems)
    {
        foreach (var signal in OtlpSignals.All)
        {
            var section = Section(signal);
            SetFirst(entries, environment, section + ":endpoint", SignalEndpoint(signal), Endpoint);
            SetFirst(entries, environment, section + ":protocol", $"OTEL_EXPORTER_OTLP_{signal.VariablePart()}_PROTOCOL", Protocol);
            SetHeaders(entries, environment, section, signal, problems);

            var switchedOnBy = new[] { SignalEndpoint(signal), Endpoint, GuideEndpoint }.FirstOrDefault(v => EnvironmentVariableLayer.Value(environment, v) is not null);
            if (switchedOnBy is not null)
            {
                entries[section + ":enabled"] = new ConfigurationEntry("true", EnvironmentVariableLayer.Origin(switchedOnBy));
            }

            ApplySelection(entries, environment, signal, problems);
        }

        ApplySdkDisabled(entries, environment, problems);
    }

    private static void SetFirst(Dictionary<string, ConfigurationEntry> entries, IReadOnlyDictionary<string, string> environment, string key, params string[] variables)
    {
        foreach (var variable in variables)
        {
            if (EnvironmentVariableLayer.Value(environment, variable) is { } value)
            {
                entries[key] = new ConfigurationEntry(value.Trim(), EnvironmentVariableLayer.Origin(variable));
                return;
            }
        }
    }

    /// <summary>The signal's header variable, else the common one, replaces the file's headers of the signal (they are not merged).</summary>
    private static void SetHeaders(Dictionary<string, ConfigurationEntry> entries, IReadOnlyDictionary<string, string> environment, string section, OtlpSignal signal, List<string> problems)
    {
        var variable = new[] { $"OTEL_EXPORTER_OTLP_{signal.VariablePart()}_HEADERS", Headers }.FirstOrDefault(v => EnvironmentVariableLayer.Value(environment, v) is not null);
        if (variable is null)
        {
            return;
        }

        if (OtelKeyValueList.Parse(environment[variable], out var problem) is not { } headers)
        {
            problems.Add($"{variable}: {problem} (the value is not shown: it may hold a credential)");
            return;
        }

        var prefix = section + ":headers:";
        foreach (var key in entries.Keys.Where(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            entries.Remove(key);
        }

        foreach (var (name, value) in headers)
        {
            entries[prefix + name] = new ConfigurationEntry(value, EnvironmentVariableLayer.Origin(variable));
        }
    }

    private static void ApplySelection(Dictionary<string, ConfigurationEntry> entries, IReadOnlyDictionary<string, string> environment, OtlpSignal signal, List<string> problems)
    {
        var variable = Selection(signal);
        if (EnvironmentVariableLayer.Value(environment, variable) is not { } text)
        {
            return;
        }

        var chosen = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var accepted = Accepted(signal);
        if (chosen.FirstOrDefault(c => !accepted.Contains(c)) is { } unknown)
        {
            var hint = signal == OtlpSignal.Metrics && unknown == "console"
                ? " (metrics have no console exporter: standard output carries the log lines; the scrape endpoint is 'prometheus')"
                : "";
            problems.Add($"{variable} = '{text}': '{unknown}' is not an exporter here; allowed values are {string.Join(", ", accepted)}{hint}");
            return;
        }

        if (chosen.Contains("none") && chosen.Length > 1)
        {
            problems.Add($"{variable} = '{text}': 'none' cannot be listed with other exporters");
            return;
        }

        var origin = EnvironmentVariableLayer.Origin(variable);
        entries[Section(signal) + ":enabled"] = new ConfigurationEntry(chosen.Contains("otlp") ? "true" : "false", origin);
        if (signal == OtlpSignal.Traces)
        {
            entries["observability:tracing:exporters:console:enabled"] = new ConfigurationEntry(chosen.Contains("console") ? "true" : "false", origin);
            entries["observability:tracing:exporters:jaeger:enabled"] = new ConfigurationEntry("false", origin);
        }
    }

    /// <summary><c>OTEL_SDK_DISABLED=true</c>: no spans and no OTLP export of any signal; the console's lines and <c>/metrics</c> stay.</summary>
    private static void ApplySdkDisabled(Dictionary<string, ConfigurationEntry> entries, IReadOnlyDictionary<string, string> environment, List<string> problems)
    {
        if (EnvironmentVariableLayer.Value(environment, SdkDisabled) is not { } text)
        {
            return;
        }

        if (!bool.TryParse(text.Trim(), out var disabled))
        {
            problems.Add($"{SdkDisabled} = '{text}': allowed values are true, false");
            return;
        }

        if (disabled)
        {
            var origin = EnvironmentVariableLayer.Origin(SdkDisabled);
            entries["observability:tracing:enabled"] = new ConfigurationEntry("false", origin);
            foreach (var signal in OtlpSignals.All)
            {
                entries[Section(signal) + ":enabled"] = new ConfigurationEntry("false", origin);
            }
        }
    }
}
