using System.Diagnostics;
using AutoTrader.Observability.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace AutoTrader.Cli.Hosting;

/// <summary>
/// Starts a service, runs it until SIGINT/SIGTERM (taken by the host's console lifetime) or a fatal
/// error, then drains it: the listeners stop accepting, requests and the scan round in flight
/// finish within the drain timeout, and spans and log lines are flushed. Logs
/// <c>{name}_started</c>, <c>{name}_stopping</c>, then <c>{name}_stopped</c> (exit 0), or
/// <c>{name}_failed</c> / <c>{name}_stop_forced</c> (exit 1).
/// </summary>
internal static class ServiceLifecycle
{
    /// <summary>The exit code of a service that could not start, died of a fatal error or had to be cut off.</summary>
    public const int Failed = 1;

    /// <summary>
    /// The generic host's own logger, which reports a failed start or a background service's crash
    /// in lines of its own; <see cref="RunAsync"/> reports both as <c>{name}_failed</c>, once.
    /// </summary>
    public const string HostLoggerName = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>The default drain timeout.</summary>
    public const int DefaultDrainSeconds = 30;

    // Spans still queued get this long to reach their exporter after the drain.
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The drain timeout as the host's shutdown timeout, so that the host cuts off what the drain does not finish.</summary>
    public static void UseDrainTimeout(this IServiceCollection services, TimeSpan drainTimeout) =>
        services.Configure<HostOptions>(host => host.ShutdownTimeout = drainTimeout);

    /// <summary>Runs <paramref name="app"/> to the end; returns the exit code.</summary>
    /// <param name="app">The built application, not started.</param>
    /// <param name="logger">Where the lifecycle events go.</param>
    /// <param name="name">The service's name in its events, such as <c>serve</c>.</param>
    /// <param name="drainTimeout">How long requests and scans in flight get to finish once a stop is asked for.</param>
    /// <param name="listenFailure">Tells the operator, on stderr, why the listeners could not be bound.</param>
    /// <param name="started">Logs the started event with the service's endpoints.</param>
    public static async Task<int> RunAsync(WebApplication app, ILogger logger, string name, TimeSpan drainTimeout, Func<IOException, string> listenFailure, Action started)
    {
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        try
        {
            await app.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            logger.Exception(e, name + "_failed", ("reason", e.Message));
            await Console.Error.WriteLineAsync(listenFailure(e)).ConfigureAwait(false);
            return Failed;
        }

        started();
        await WhenCancelled(lifetime.ApplicationStopping).ConfigureAwait(false);

        logger.Info(name + "_stopping", ("drain_timeout_seconds", drainTimeout.TotalSeconds));
        var draining = Stopwatch.StartNew();
        using (var deadline = new CancellationTokenSource(drainTimeout))
        {
            await app.StopAsync(deadline.Token).ConfigureAwait(false);
            if (deadline.IsCancellationRequested)
            {
                logger.Error(name + "_stop_forced", ("drain_timeout_seconds", drainTimeout.TotalSeconds), ("reason", "requests or scans were still in flight when the drain timeout passed; they were cut off"));
                Flush(app);
                return Failed;
            }
        }

        if (FatalError(app) is { } fatal)
        {
            logger.Exception(fatal, name + "_failed", ("reason", fatal.Message));
            Flush(app);
            return Failed;
        }

        Flush(app);
        logger.Info(name + "_stopped", ("drain_seconds", Math.Round(draining.Elapsed.TotalSeconds, 3)));
        return 0;
    }

    /// <summary>The exception a background service died of, which made the host stop; null when none did.</summary>
    private static Exception? FatalError(WebApplication app) =>
        app.Services.GetServices<IHostedService>().OfType<BackgroundService>()
            .Select(s => s.ExecuteTask?.Exception?.GetBaseException())
            .FirstOrDefault(e => e is not null);

    private static void Flush(WebApplication app) => app.Services.GetService<TracerProvider>()?.Shutdown((int)FlushTimeout.TotalMilliseconds);

    private static Task WhenCancelled(CancellationToken token)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(static s => ((TaskCompletionSource)s!).TrySetResult(), cancelled);
        return cancelled.Task;
    }
}
