using System.CommandLine;
using AutoTrader.Observability;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Cli.Commands;

/// <summary>
/// <c>autotrader check-config</c>: validates the configuration and logs what is in effect: the
/// settings, the resource every signal carries, and every exporter of every signal, each value with
/// where it came from. OTLP headers are named, never valued.
/// </summary>
internal static class CheckConfigCommand
{
    public static Command Create()
    {
        var command = new Command("check-config", "Validate the configuration and log the settings in effect, with where each came from");
        command.SetAction(parse =>
        {
            var configuration = CommonOptions.LoadWithOrigins(parse);
            var (options, origins) = (configuration.Options, configuration.Origins);
            var exporters = ExporterSummary.Of(configuration);

            // The check reports the OTLP logs exporter; its own lines go to stdout only.
            options.Logging.Exporters.Otlp.Enabled = false;
            using var loggers = AutoTraderLogging.CreateFactory(options);
            var logger = loggers.CreateLogger("AutoTrader.Cli.CheckConfig");
            logger.Info(
                "config_loaded",
                ("config_path", CommonOptions.ResolveConfigPath(parse.GetValue(CommonOptions.Config)) ?? "<built-in defaults>"),
                ("log_level", options.Logging.Level),
                ("log_level_from", origins.Of("observability:logging:level")),
                ("log_format", options.Logging.Format),
                ("metrics_enabled", options.Metrics.Enabled),
                ("metrics_port", options.Metrics.Port),
                ("metrics_port_from", origins.Of("observability:metrics:port")),
                ("tracing_enabled", options.Tracing.Enabled),
                ("tracing_enabled_from", origins.Of("observability:tracing:enabled")),
                ("sampling_strategy", options.Tracing.Sampling.Strategy),
                ("sampling_strategy_from", origins.Of("observability:tracing:sampling:strategy")),
                ("sampling_probability", options.Tracing.Sampling.Probability),
                ("sampling_probability_from", origins.Of("observability:tracing:sampling:probability")));
            logger.Info(
                "resource_configured",
                ("service_name", options.ServiceName),
                ("service_name_from", origins.Of("observability:service_name")),
                ("service_version", options.Version),
                ("service_version_from", origins.Of("observability:version")),
                ("service_instance_id", ServiceResource.InstanceIdOf(options)),
                ("service_instance_id_from", options.ServiceInstanceId.Trim().Length > 0 ? origins.Of("observability:service_instance_id") : "drawn for this process"),
                ("deployment_environment_name", options.Environment),
                ("deployment_environment_name_from", origins.Of("observability:environment")),
                ("resource_attributes", options.ResourceAttributes),
                ("resource_attributes_from", origins.Of("observability:resource_attributes")));
            foreach (var exporter in exporters)
            {
                var fields = new List<LogField>
                {
                    ("signal", exporter.Signal),
                    ("exporter", exporter.Exporter),
                    ("enabled", exporter.Enabled),
                    ("enabled_from", exporter.EnabledFrom),
                };
                foreach (var setting in exporter.Settings)
                {
                    fields.Add(LogField.Of(setting.Name, setting.Value));
                    fields.Add((setting.Name + "_from", setting.From));
                }

                logger.Info("exporter_configured", [.. fields]);
            }

            return 0;
        });
        return command;
    }
}
