using AutoTrader.Observability.Logging;
using AutoTrader.Scanner.Configuration;
using AutoTrader.Scanner.Health;
using AutoTrader.Scanner.Scans;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Scanner.Pipeline;

/// <summary>
/// Scans the configured watchlist at the configured interval, for as long as the host runs, through
/// the <see cref="ScanService"/> (which keeps the results in the store). The first round waits until the host has started (its listeners
/// bound), so a host that fails to start scans nothing. When the host stops, no new round begins and
/// the round in progress finishes; it is cancelled only when the host's shutdown timeout passes.
/// A scan that fails, or even throws, never ends the loop.
/// </summary>
public sealed class ScanLoop(
    ScanService scanService,
    ScannerOptions options,
    ScanLoopHeartbeat heartbeat,
    IHostApplicationLifetime lifetime,
    ILogger<ScanLoop> logger,
    TimeProvider time) : BackgroundService
{
    /// <summary>Cancelled when the host's shutdown timeout passes: the scans still in flight are abandoned then.</summary>
    private readonly CancellationTokenSource _abandon = new();

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using var deadline = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _abandon);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _abandon.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await HostStartedAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(options.ScanIntervalSeconds);
        logger.Info("scan_loop_started", ("watchlist", string.Join(',', options.EffectiveWatchlist)), ("interval_seconds", options.ScanIntervalSeconds), ("mode", options.Mode));
        heartbeat.Started();
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            await RunRoundAsync(_abandon.Token).ConfigureAwait(false);
        }
        while (await NextTickAsync(timer, stoppingToken).ConfigureAwait(false));

        logger.Info("scan_loop_stopped");
    }

    private async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(options.EffectiveWatchlist.Select(s => ScanAsync(s, cancellationToken))).ConfigureAwait(false);
        heartbeat.RoundCompleted();
        logger.Debug("scan_round_completed", ("tokens", results.Length), ("failed", results.Count(r => r is not { Succeeded: true })));
    }

    private async Task<ScanResult?> ScanAsync(string symbol, CancellationToken cancellationToken)
    {
        try
        {
            return await scanService.ScanAsync(symbol, options.Llm.NarrateBackgroundScans, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.Warning("scan_abandoned", ("token_symbol", symbol), ("reason", "the host's shutdown timeout passed"));
            return null;
        }
#pragma warning disable CA1031 // one token's scan must not end the loop, and with it the background scans of every token
        catch (Exception e)
        {
            logger.Exception(e, "scan_loop_error", ("token_symbol", symbol));
            return null;
        }
#pragma warning restore CA1031
    }

    private async Task<bool> HostStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(static s => ((TaskCompletionSource)s!).TrySetResult(), started);
        using var onStopping = stoppingToken.Register(static s => ((TaskCompletionSource)s!).TrySetCanceled(), started);
        try
        {
            await started.Task.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
