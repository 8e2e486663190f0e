using System.CommandLine;
using AutoTrader.Cli.Alerting;

namespace AutoTrader.Cli.Commands;

/// <summary>
/// <c>autotrader alert-rules</c>: renders the Prometheus rules file from the <c>alerts:</c> section
/// of the configuration, to stdout or to <c>--output</c>.
/// </summary>
internal static class AlertRulesCommand
{
    private static readonly Option<FileInfo?> Output = new("--output")
    {
        Description = "File to write the rules to, replaced whole (default: stdout), e.g. deploy/prometheus/rules/autotrader.rules.yml",
    };

    public static Command Create()
    {
        var command = new Command("alert-rules", "Render the Prometheus alerting and recording rules from the alerts section of the configuration");
        command.Options.Add(Output);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var rules = AlertRulesFile.Render(CommonOptions.Load(parse).Alerts);
        if (parse.GetValue(Output) is not { } output)
        {
            await Console.Out.WriteAsync(rules.AsMemory(), cancellationToken).ConfigureAwait(false);
            return 0;
        }

        // Written beside the target and moved over it, so that a failed write leaves the old rules whole.
        var partial = output.FullName + ".partial";
        try
        {
            await File.WriteAllTextAsync(partial, rules, cancellationToken).ConfigureAwait(false);
            File.Move(partial, output.FullName, overwrite: true);
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }

            await Console.Error.WriteLineAsync($"alert-rules: cannot write '{output}': {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
