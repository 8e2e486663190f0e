using System.CommandLine;
using System.CommandLine.Parsing;

namespace AutoTrader.Cli;

/// <summary>How invalid command lines and configuration end the program.</summary>
internal static class CommandLineErrors
{
    /// <summary>The exit code of a usage or configuration error.</summary>
    public const int ExitCode = 2;

    /// <summary>Writes the parse errors of <paramref name="parse"/> and where to find the usage to stderr; returns <see cref="ExitCode"/>.</summary>
    public static async Task<int> ReportAsync(ParseResult parse)
    {
        foreach (var error in parse.Errors)
        {
            await Console.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
        }

        var names = new List<string>();
        for (var command = parse.CommandResult; command is not null; command = command.Parent as CommandResult)
        {
            names.Insert(0, command.Command.Name);
        }

        await Console.Error.WriteLineAsync($"See '{string.Join(' ', names)} --help' for the usage.").ConfigureAwait(false);
        return ExitCode;
    }
}
