using System.CommandLine;
using System.Net;
using AutoTrader.Cli.Hosting;
using AutoTrader.Observability.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Cli.Commands;

/// <summary>
/// <c>autotrader metrics-server</c>: runs the background scans of the watchlist and serves this
/// process's metrics at <c>metrics.path</c>, and the health endpoints, until SIGINT or SIGTERM (the guide's
/// <c>python -m src.services.metrics_server</c>, which, unlike this one, served an empty registry).
/// </summary>
internal static class MetricsServerCommand
{
    private static readonly Option<int?> Port = new("--port")
    {
        Description = "Port to listen on (default: metrics.port from the configuration, METRICS_PORT, 9090)",
    };

    private static readonly Option<IPAddress> Address = ListenAddress.CreateOption("Address to listen on; 0.0.0.0 exposes the endpoint to the network");

    public static Command Create()
    {
        var command = new Command("metrics-server", "Serve the Prometheus metrics endpoint of this process") { Port, Address, CommonOptions.DrainTimeout };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var observabilityOptions = CommonOptions.LoadWithMetricsPort(parse, Port);
        if (!observabilityOptions.Metrics.Enabled)
        {
            await Console.Error.WriteLineAsync("metrics-server has nothing to serve: observability.metrics.enabled is false. Set it to true (or remove it) to expose the metrics.").ConfigureAwait(false);
            return CommandLineErrors.ExitCode;
        }

        var address = parse.GetValue(Address)!;
        var scannerOptions = CommonOptions.LoadScanner(parse);
        var builder = ScannerServiceBuilder.Create(observabilityOptions, scannerOptions, CommonOptions.DrainTimeoutOf(parse));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, observabilityOptions.Metrics.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.UseAutoTraderMetricsTls(observabilityOptions.Metrics);
            });
        });
        await using var app = builder.Build();
        app.MapAutoTraderObservability(web => web.InstrumentRequests = false);

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AutoTrader.Cli.MetricsServer");
        logger.Info("metrics_server_starting", ("address", address.ToString()), ("port", observabilityOptions.Metrics.Port), ("path", observabilityOptions.Metrics.Path));
        return await ServiceLifecycle.RunAsync(
            app,
            logger,
            "metrics_server",
            CommonOptions.DrainTimeoutOf(parse),
            e => $"Cannot listen on {address}:{observabilityOptions.Metrics.Port}: {e.Message}",
            () =>
            {
                var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
                logger.Info("metrics_server_started", ("endpoint", (bound ?? $"http://{address}:{observabilityOptions.Metrics.Port}") + observabilityOptions.Metrics.Path));
            }).ConfigureAwait(false);
    }
}
