using System.CommandLine;
using System.Net;
using AutoTrader.Cli.Hosting;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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

    private static readonly Option<string> Address = new("--address")
    {
        Description = "IP address to listen on; 0.0.0.0 exposes the endpoint to the network",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    public static Command Create()
    {
        var command = new Command("metrics-server", "Serve the Prometheus metrics endpoint of this process");
        command.Options.Add(Port);
        command.Options.Add(Address);
        command.Options.Add(CommonOptions.DrainTimeout);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var port = parse.GetValue(Port);
        var options = port is { } p
            ? CommonOptions.Load(parse, new ConfigurationOverride("observability:metrics:port", p.ToString(System.Globalization.CultureInfo.InvariantCulture), "--port"))
            : CommonOptions.Load(parse);
        if (!options.Metrics.Enabled)
        {
            await Console.Error.WriteLineAsync("metrics-server has nothing to serve: observability.metrics.enabled is false. Set it to true (or remove it) to expose the metrics.").ConfigureAwait(false);
            return CommandLineErrors.ExitCode;
        }

        var addressText = parse.GetValue(Address)!;
        if (!TryParseAddress(addressText, out var address))
        {
            await Console.Error.WriteLineAsync($"--address '{addressText}' is not an IP address; use for example 127.0.0.1 (this host only) or 0.0.0.0 (every interface).").ConfigureAwait(false);
            return CommandLineErrors.ExitCode;
        }

        var scannerOptions = CommonOptions.LoadScanner(parse);
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddAutoTraderObservability(options);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter(ServiceLifecycle.HostLoggerName, LogLevel.None);
        builder.Services.AddAutoTraderScanner(scannerOptions).AddAutoTraderScanLoop();
        builder.Services.AddHealthChecks().AddAutoTraderScannerChecks();
        builder.Services.UseDrainTimeout(CommonOptions.DrainTimeoutOf(parse));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, options.Metrics.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.UseAutoTraderMetricsTls(options.Metrics);
            });
        });
        await using var app = builder.Build();
        app.MapAutoTraderObservability(web => web.InstrumentRequests = false);

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AutoTrader.Cli.MetricsServer");
        logger.Info("metrics_server_starting", ("address", address.ToString()), ("port", options.Metrics.Port), ("path", options.Metrics.Path));
        return await ServiceLifecycle.RunAsync(
            app,
            logger,
            "metrics_server",
            CommonOptions.DrainTimeoutOf(parse),
            e => $"Cannot listen on {address}:{options.Metrics.Port}: {e.Message}",
            () =>
            {
                var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
                logger.Info("metrics_server_started", ("endpoint", (bound ?? $"http://{address}:{options.Metrics.Port}") + options.Metrics.Path));
            }).ConfigureAwait(false);
    }

    private static bool TryParseAddress(string text, out IPAddress address)
    {
        if (text.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
            return true;
        }

        return IPAddress.TryParse(text, out address!);
    }
}
