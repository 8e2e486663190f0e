using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AutoTrader.Scanner.Narrative;
using AutoTrader.Scanner.Pipeline;
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
        var options = CommonOptions.Load(parse);
        var scannerOptions = CommonOptions.LoadScanner(parse);
        var builder = Host.CreateApplicationBuilder();
        builder.AddAutoTraderObservability(options, Console.OpenStandardError());
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Services.AddAutoTraderScanner(scannerOptions);
        using var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);

        var scanner = host.Services.GetRequiredService<TokenScanner>();
        var narrator = host.Services.GetRequiredService<ObservedNarrator>();

        // Ctrl-C reaches the host's console lifetime, which stops the host: the scans stop with it.
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        ScanResult[] results;
        try
        {
            results = await Task.WhenAll(parse.GetValue(Symbols)!.Select(async s =>
                await narrator.AddNarrativeAsync(await scanner.ScanAsync(s, cancel.Token).ConfigureAwait(false), cancel.Token).ConfigureAwait(false))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("scan cancelled").ConfigureAwait(false);
            return Cancelled;
        }

        await Console.Out.WriteAsync(parse.GetValue(Json) ? ToJson(results) : ToTable(results)).ConfigureAwait(false);

        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return results.All(r => r.Succeeded) ? 0 : 1;
    }

    private static string ToTable(IReadOnlyList<ScanResult> results)
    {
        var rows = results.Select(r => new[]
        {
            r.Symbol.Length > 15 ? r.Symbol[..15] + "…" : r.Symbol.ReplaceLineEndings(" "),
            r.Status,
            r.Score is null ? "-" : r.Score.GemScore.ToString("F2", CultureInfo.InvariantCulture),
            r.Score is null ? "-" : r.Score.Confidence.ToString("F2", CultureInfo.InvariantCulture),
            r.Quote is null ? "-" : r.Quote.PriceUsd.ToString("G6", CultureInfo.InvariantCulture),
            r.Succeeded ? string.Join(", ", r.Score!.Flags.Select(f => f.Name)) + (r.Degraded ? " (degraded: " + r.ErrorMessage + ")" : "") : $"{r.ErrorType}: {r.ErrorMessage}",
        }).Prepend(["SYMBOL", "STATUS", "GEMSCORE", "CONFIDENCE", "PRICE_USD", "FLAGS / ERROR"]).ToList();
        var widths = Enumerable.Range(0, 5).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var table = string.Concat(rows.Select(r => string.Join("  ", r.Take(5).Select((cell, c) => c >= 2 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))) + "  " + r[5] + "\n"));
        var narratives = results.Where(r => r.Narrative is not null).Select(r => $"\n{r.Symbol}: {r.Narrative!.ReplaceLineEndings(" ")}\n");
        return table + string.Concat(narratives);
    }

    private static string ToJson(IEnumerable<ScanResult> results) =>
        JsonSerializer.Serialize(
            results.Select(r => new
            {
                symbol = r.Symbol,
                status = r.Status,
                gem_score = r.Score?.GemScore,
                confidence = r.Score?.Confidence,
                price_usd = r.Quote?.PriceUsd,
                flags = r.Score?.Flags.Select(f => new { name = f.Name, reason = f.Reason }),
                degraded = r.Degraded,
                narrative = r.Narrative,
                error_type = r.ErrorType,
                error_message = r.ErrorMessage,
                duration_seconds = r.DurationSeconds,
                trace_id = r.TraceId,
            }),
            Indented) + "\n";
}
