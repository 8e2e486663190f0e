using System.CommandLine;
using System.Net;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Cli.Commands;

/// <summary>
/// <c>autotrader metrics-server</c>: runs the background scans of the watchlist and serves this
/// process's metrics at <c>metrics.path</c> until SIGINT or SIGTERM (the guide's
/// <c>python -m src.services.metrics_server</c>, which, unlike this one, served an empty registry).
/// </summary>
internal static class MetricsServerCommand
{
    /// <summary>Exit code when the server cannot listen (port taken, address not on this host).</summary>
    public const int ListenFailed = 1;

    /// <summary>Exit code for an invalid argument, as for invalid configuration.</summary>
    public const int InvalidArgument = 2;

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
            return InvalidArgument;
        }

        var addressText = parse.GetValue(Address)!;
        if (!TryParseAddress(addressText, out var address))
        {
            await Console.Error.WriteLineAsync($"--address '{addressText}' is not an IP address; use for example 127.0.0.1 (this host only) or 0.0.0.0 (every interface).").ConfigureAwait(false);
            return InvalidArgument;
        }

        var scannerOptions = CommonOptions.LoadScanner(parse);
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddAutoTraderObservability(options);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddAutoTraderScanner(scannerOptions).AddAutoTraderScanLoop();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, options.Metrics.Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.UseAutoTraderMetricsTls(options.Metrics);
        }));
        await using var app = builder.Build();
        app.MapAutoTraderMetrics(options.Metrics);

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AutoTrader.Cli.MetricsServer");
        logger.Info("metrics_server_starting", ("address", address.ToString()), ("port", options.Metrics.Port), ("path", options.Metrics.Path));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            logger.Exception(e, "metrics_server_failed", ("address", address.ToString()), ("port", options.Metrics.Port), ("reason", e.Message));
            await Console.Error.WriteLineAsync($"Cannot listen on {address}:{options.Metrics.Port}: {e.Message}").ConfigureAwait(false);
            return ListenFailed;
        }

        var bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        logger.Info("metrics_server_started", ("endpoint", (bound ?? $"http://{address}:{options.Metrics.Port}") + options.Metrics.Path));

        // Stops on SIGINT/SIGTERM (System.CommandLine cancels the token) or when the host is told to stop.
        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        logger.Info("metrics_server_stopped");
        return 0;
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
