using System.CommandLine;
using AutoTrader.Cli;
using AutoTrader.Cli.Commands;
using AutoTrader.Observability.Configuration;

var root = new RootCommand("AutoTrader token scanner with structured logging, Prometheus metrics and OpenTelemetry tracing");
root.Options.Add(CommonOptions.Config);
root.Options.Add(CommonOptions.ScannerConfig);
root.Options.Add(CommonOptions.LogLevel);
root.Subcommands.Add(CheckConfigCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(ScanCommand.Create());
root.Subcommands.Add(MetricsServerCommand.Create());

try
{
    var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
    return await root.Parse(args).InvokeAsync(invocation).ConfigureAwait(false);
}
catch (ObservabilityConfigurationException e)
{
    // Before logging exists there is nowhere structured to write; stderr keeps stdout pure JSON.
    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
    return 2;
}
