using AutoTrader.Observability.Otlp;

namespace AutoTrader.Observability.Configuration;

/// <summary>
/// One exporter of one signal as configured, with where each value came from: what
/// <c>autotrader check-config</c> prints. Headers are named, never valued.
/// </summary>
/// <param name="Signal"><c>traces</c>, <c>metrics</c> or <c>logs</c>.</param>
/// <param name="Exporter">Its name: <c>otlp</c>, <c>console</c>, <c>jaeger</c>, <c>prometheus</c>.</param>
/// <param name="Enabled">Whether it exports.</param>
/// <param name="EnabledFrom">Where <paramref name="Enabled"/> came from.</param>
/// <param name="Settings">Its other settings, in the order printed.</param>
public sealed record ExporterSummary(string Signal, string Exporter, bool Enabled, string EnabledFrom, IReadOnlyList<ExporterSetting> Settings)
{
    /// <summary>Every exporter of every signal, enabled or not.</summary>
    public static IReadOnlyList<ExporterSummary> Of(LoadedConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var (o, origins) = (configuration.Options, configuration.Origins);
        var tracing = Switch.Of(origins, "observability:tracing", o.Tracing.Enabled);
        var metrics = Switch.Of(origins, "observability:metrics", o.Metrics.Enabled);
        var consoleSpans = tracing.And(origins, "observability:tracing:exporters:console", o.Tracing.Exporters.Console.Enabled);
        var consoleLines = Switch.Of(origins, "observability:logging:enable_console", o.Logging.EnableConsole, isSection: false);
        return
        [
            new("traces", "console", consoleSpans.On, consoleSpans.From, [new("destination", "stderr", ConfigurationOrigins.Default)]),
            Otlp(configuration, OtlpSignal.Traces, "otlp", o.Tracing.Exporters.Otlp, "observability:tracing:exporters:otlp", tracing),
            Otlp(configuration, OtlpSignal.Traces, "jaeger", o.Tracing.Exporters.Jaeger, "observability:tracing:exporters:jaeger", tracing),
            new("metrics", "prometheus", metrics.On, metrics.From,
                [new("port", o.Metrics.Port, origins.Of("observability:metrics:port")), new("path", o.Metrics.Path, origins.Of("observability:metrics:path"))]),
            Otlp(configuration, OtlpSignal.Metrics, "otlp", o.Metrics.Exporters.Otlp, "observability:metrics:exporters:otlp", metrics),
            new("logs", "console", consoleLines.On, consoleLines.From,
                [new("destination", "stdout", ConfigurationOrigins.Default), new("format", o.Logging.Format, origins.Of("observability:logging:format"))]),
            Otlp(configuration, OtlpSignal.Logs, "otlp", o.Logging.Exporters.Otlp, "observability:logging:exporters:otlp", Switch.Always),
        ];
    }

    private static ExporterSummary Otlp(LoadedConfiguration configuration, OtlpSignal signal, string name, EndpointExporterOptions exporter, string section, Switch signalSwitch)
    {
        var origins = configuration.Origins;
        var endpoint = exporter.Endpoint;
        var protocol = exporter.Protocol;
        if (Uri.TryCreate(exporter.Endpoint, UriKind.Absolute, out var uri))
        {
            var chosen = OtlpEndpoints.Protocol(exporter, uri, signal);
            endpoint = (exporter.EndpointIsSignalUrl ? uri : OtlpEndpoints.Target(uri, chosen, signal)).ToString();
            protocol = chosen == OpenTelemetry.Exporter.OtlpExportProtocol.Grpc ? "grpc" : "http/protobuf";
        }

        List<ExporterSetting> settings =
        [
            new("endpoint", endpoint, origins.Of(section + ":endpoint")),
            new("protocol", protocol, origins.Of(section + ":protocol") + (exporter.Protocol == "auto" ? " (auto)" : "")),
            new("headers", exporter.Headers.Keys.Order(StringComparer.Ordinal).ToArray(), origins.Of(section + ":headers")),
        ];
        if (exporter is MetricExporterOptions periodic)
        {
            settings.Add(new("interval_seconds", periodic.IntervalSeconds, origins.Of(section + ":interval_seconds")));
            settings.Add(new("temporality", periodic.Temporality, origins.Of(section + ":temporality")));
        }

        var exports = signalSwitch.And(origins, section, exporter.Enabled);
        return new(signal.Name(), name, exports.On, exports.From, settings);
    }

    /// <summary>A switch and where it was set; an exporter is on when its signal's switch and its own are.</summary>
    private readonly record struct Switch(bool On, string From)
    {
        public static readonly Switch Always = new(true, ConfigurationOrigins.Default);

        public static Switch Of(ConfigurationOrigins origins, string key, bool on, bool isSection = true) =>
            new(on, origins.Of(isSection ? key + ":enabled" : key));

        /// <summary>Off with this switch's origin when this one is off, else the exporter's own.</summary>
        public Switch And(ConfigurationOrigins origins, string section, bool on) => On ? Of(origins, section, on) : this;
    }
}

/// <summary>One setting of an exporter.</summary>
/// <param name="Name">Its name as printed, such as <c>endpoint</c>.</param>
/// <param name="Value">Its value in effect (an endpoint as sent to: with the signal's path when it gets one).</param>
/// <param name="From">Where it came from: a flag, a variable, a file line, or <c>default</c>.</param>
public sealed record ExporterSetting(string Name, object Value, string From);
