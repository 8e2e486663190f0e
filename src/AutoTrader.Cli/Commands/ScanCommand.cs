using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AutoTrader.Cli.Api;
using AutoTrader.Scanner.Pipeline;
using AutoTrader.Scanner.Scans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Cli.Commands;

/// <summary>
/// <c>autotrader scan SYMBOL...</c>: scans once and prints a table (or JSON with <c>--json</c>) on
/// stdout; logs go to stderr so that stdout stays the result. Exit code 1 when any scan failed, 130
/// when Ctrl-C cancelled the scans.
/// </summary>
internal static class ScanCommand
{
    /// <summary>The exit code of scans cancelled by Ctrl-C, as a shell reports a process ended by SIGINT.</summary>
    private const int Cancelled = 130;

    private static readonly Argument<string[]> Symbols = new("symbols")
    {
        Description = "Token symbols, such as BTC ETH SOL",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the results as a JSON array" };

    public static Command Create()
    {
        var command = new Command("scan", "Scan tokens once and print GemScore, confidence and flags");
        command.Arguments.Add(Symbols);
        command.Options.Add(Json);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var observabilityOptions = CommonOptions.Load(parse);
        var scannerOptions = CommonOptions.LoadScanner(parse);
        var builder = Host.CreateApplicationBuilder();
        builder.AddAutoTraderObservability(observabilityOptions, Console.OpenStandardError());
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Services.AddAutoTraderScanner(scannerOptions);
        using var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);

        var scanService = host.Services.GetRequiredService<ScanService>();

        // Ctrl-C reaches the host's console lifetime, which stops the host: the scans stop with it.
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        ScanResult[] results;
        try
        {
            results = await Task.WhenAll(parse.GetValue(Symbols)!.Select(symbol => scanService.ScanAsync(symbol, narrate: true, cancellation.Token))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("scan cancelled").ConfigureAwait(false);
            return Cancelled;
        }

        await Console.Out.WriteAsync(parse.GetValue(Json) ? ToJson(results) : ToTable(results)).ConfigureAwait(false);

        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return results.All(result => result.Succeeded) ? 0 : 1;
    }

    private static string ToTable(IReadOnlyList<ScanResult> results)
    {
        var rows = results.Select(result => new[]
        {
            result.Symbol.Length > 15 ? result.Symbol[..15] + "…" : result.Symbol.ReplaceLineEndings(" "),
            result.Status,
            result.Score is null ? "-" : result.Score.GemScore.ToString("F2", CultureInfo.InvariantCulture),
            result.Score is null ? "-" : result.Score.Confidence.ToString("F2", CultureInfo.InvariantCulture),
            result.Quote is null ? "-" : result.Quote.PriceUsd.ToString("G6", CultureInfo.InvariantCulture),
            result.Succeeded
                ? string.Join(", ", result.Score!.Flags.Select(flag => flag.Name)) + (result.Degraded ? " (degraded: " + result.ErrorMessage + ")" : "")
                : $"{result.ErrorType}: {result.ErrorMessage}",
        }).Prepend(["SYMBOL", "STATUS", "GEMSCORE", "CONFIDENCE", "PRICE_USD", "FLAGS / ERROR"]).ToList();
        var columnWidths = Enumerable.Range(0, 5).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var table = string.Concat(rows.Select(row =>
            string.Join("  ", row.Take(5).Select((cell, column) => column >= 2 ? cell.PadLeft(columnWidths[column]) : cell.PadRight(columnWidths[column]))) + "  " + row[5] + "\n"));
        var narratives = results.Where(result => result.Narrative is not null).Select(result => $"\n{result.Symbol}: {result.Narrative!.ReplaceLineEndings(" ")}\n");
        return table + string.Concat(narratives);
    }

    private static string ToJson(IEnumerable<ScanResult> results) =>
        JsonSerializer.Serialize(results.Select(ScanResultView.WithOutcome), Indented) + "\n";
}
