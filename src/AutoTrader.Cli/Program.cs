using System.CommandLine;
using System.CommandLine.Invocation;
using AutoTrader.Cli;
using AutoTrader.Cli.Commands;
using AutoTrader.Observability.Configuration;
using AutoTrader.Scanner.Configuration;

var root = new RootCommand("AutoTrader token scanner with structured logging, Prometheus metrics and OpenTelemetry tracing");
root.Options.Add(CommonOptions.Config);
root.Options.Add(CommonOptions.ScannerConfig);
root.Options.Add(CommonOptions.LogLevel);
root.Subcommands.Add(CheckConfigCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(ScanCommand.Create());
root.Subcommands.Add(MetricsServerCommand.Create());
root.Subcommands.Add(AlertRulesCommand.Create());

var parse = root.Parse(args);
if (parse.Action is ParseErrorAction)
{
    // Usage errors are configuration errors typed on the command line: stderr and exit code 2, with
    // stdout left empty (it carries JSON lines or a command's result, never help text).
    return await CommandLineErrors.ReportAsync(parse).ConfigureAwait(false);
}

try
{
    // No ProcessTerminationTimeout: System.CommandLine would cancel the command on SIGTERM and end
    // the process 2 s later with exit code 143. The commands' hosts take SIGINT and SIGTERM
    // themselves (the generic host's console lifetime) and drain first.
    var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
    return await parse.InvokeAsync(invocation).ConfigureAwait(false);
}
catch (Exception e) when (e is ObservabilityConfigurationException or ScannerConfigurationException)
{
    // Before logging exists there is nowhere structured to write; stderr keeps stdout pure JSON.
    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
    return CommandLineErrors.ExitCode;
}
