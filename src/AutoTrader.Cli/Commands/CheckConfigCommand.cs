using System.CommandLine;
using AutoTrader.Observability.Logging;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Cli.Commands;

/// <summary><c>autotrader check-config</c>: validates the configuration and logs what is in effect.</summary>
internal static class CheckConfigCommand
{
    public static Command Create()
    {
        var command = new Command("check-config", "Validate the configuration and log the settings in effect");
        command.SetAction(parse =>
        {
            var options = CommonOptions.Load(parse);
            using var loggers = AutoTraderLogging.CreateFactory(options);
            var logger = loggers.CreateLogger("AutoTrader.Cli.CheckConfig");
            logger.Info(
                "config_loaded",
                ("config_path", CommonOptions.ResolveConfigPath(parse.GetValue(CommonOptions.Config)) ?? "<built-in defaults>"),
                ("log_level", options.Logging.Level),
                ("log_format", options.Logging.Format),
                ("metrics_enabled", options.Metrics.Enabled),
                ("metrics_port", options.Metrics.Port),
                ("tracing_enabled", options.Tracing.Enabled),
                ("sampling_strategy", options.Tracing.Sampling.Strategy),
                ("sampling_probability", options.Tracing.Sampling.Probability));
            return 0;
        });
        return command;
    }
}
