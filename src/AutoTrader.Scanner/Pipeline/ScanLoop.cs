using AutoTrader.Observability.Logging;
using AutoTrader.Scanner.Configuration;
using AutoTrader.Scanner.Narrative;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Scanner.Pipeline;

/// <summary>Scans the configured watchlist at the configured interval, for as long as the host runs, keeping the results in the store.</summary>
public sealed class ScanLoop(TokenScanner scanner, ObservedNarrator narrator, ScanResultStore store, ScannerOptions options, ILogger<ScanLoop> logger, TimeProvider time) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.ScanIntervalSeconds);
        logger.Info("scan_loop_started", ("watchlist", string.Join(',', options.EffectiveWatchlist)), ("interval_seconds", options.ScanIntervalSeconds), ("mode", options.Mode));
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            var results = await Task.WhenAll(options.EffectiveWatchlist.Select(async s =>
            {
                var result = await scanner.ScanAsync(s, stoppingToken).ConfigureAwait(false);
                return options.Llm.NarrateBackgroundScans ? await narrator.AddNarrativeAsync(result, stoppingToken).ConfigureAwait(false) : result;
            })).ConfigureAwait(false);
            foreach (var result in results)
            {
                store.Record(result);
            }

            logger.Debug("scan_round_completed", ("tokens", results.Length), ("failed", results.Count(r => !r.Succeeded)));
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
