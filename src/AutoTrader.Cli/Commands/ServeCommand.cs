using System.CommandLine;
using System.Net;
using System.Text.Json;
using AutoTrader.Cli.Api;
using AutoTrader.Cli.Hosting;
using AutoTrader.Observability;
using AutoTrader.Observability.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Cli.Commands;

/// <summary>
/// <c>autotrader serve</c>: the scanner service. The HTTP API and the health endpoints on
/// <c>--api-port</c>, the metrics endpoint on its own <c>--metrics-port</c>, both on
/// <c>--address</c>, and background scans of the watchlist; offline on the shipped snapshot unless
/// the scanner configuration says live. The two ports are told apart by the connection, never by
/// the <c>Host</c> header. SIGINT or SIGTERM drains it within <c>--drain-timeout</c>.
/// </summary>
internal static class ServeCommand
{
    private static readonly Option<int> ApiPort = new("--api-port")
    {
        Description = "Port of the HTTP API",
        DefaultValueFactory = _ => 8000,
    };

    private static readonly Option<int?> MetricsPort = new("--metrics-port")
    {
        Description = "Port of the metrics endpoint (default: metrics.port from the configuration, METRICS_PORT, 9090)",
    };

    private static readonly Option<IPAddress> Address = ListenAddress.CreateOption("Address both ports listen on; 0.0.0.0 exposes them to the network");

    private static readonly Option<string> ObservabilityMode = new Option<string>("--observability")
    {
        Description = "'off' serves the API bare: no API metrics, request spans or access log (background scans stay observed); for overhead measurements",
        DefaultValueFactory = _ => "on",
    }.AcceptOnlyFromAmong("on", "off");

    public static Command Create()
    {
        var command = new Command("serve", "Run the scanner service: HTTP API, metrics endpoint and background scans")
        {
            ApiPort, MetricsPort, Address, ObservabilityMode, CommonOptions.DrainTimeout,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var observabilityOptions = CommonOptions.LoadWithMetricsPort(parse, MetricsPort);
        var scannerOptions = CommonOptions.LoadScanner(parse);
        var apiPort = parse.GetValue(ApiPort);
        var metricsPort = observabilityOptions.Metrics.Port;
        var metricsEnabled = observabilityOptions.Metrics.Enabled;
        var address = parse.GetValue(Address)!;
        if (apiPort is < 1 or > 65535 || (metricsEnabled && apiPort == metricsPort))
        {
            await Console.Error.WriteLineAsync($"--api-port {apiPort} must be a port between 1 and 65535 other than the metrics port {metricsPort}.").ConfigureAwait(false);
            return CommandLineErrors.ExitCode;
        }

        var instrumented = parse.GetValue(ObservabilityMode) == "on";
        var builder = ScannerServiceBuilder.Create(observabilityOptions, scannerOptions, CommonOptions.DrainTimeoutOf(parse));

        // The access log replaces the hosting diagnostics' request lines. Left enabled at any level,
        // that logger also opens a scope per request (ConnectionId, RequestId and the raw path) that
        // every line of the request would carry and walk; trace_id correlates the lines instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, apiPort, listen => listen.Protocols = HttpProtocols.Http1);
            if (metricsEnabled)
            {
                kestrel.Listen(address, metricsPort, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    listen.UseAutoTraderMetricsTls(observabilityOptions.Metrics);
                });
            }
        });

        await using var app = builder.Build();
        app.MapAutoTraderObservability(web =>
        {
            web.InstrumentRequests = instrumented;
            web.MetricsPort = metricsPort;
            web.ExceptionHandler = TokenApi.WriteInternalErrorAsync;
        });
        TokenApi.Map(app);

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AutoTrader.Cli.Serve");
        return await ServiceLifecycle.RunAsync(
            app,
            logger,
            "serve",
            CommonOptions.DrainTimeoutOf(parse),
            e => $"Cannot listen on {address}:{apiPort}{(metricsEnabled ? $" and {address}:{metricsPort}" : "")}: {e.Message}",
            () => logger.Info(
                "serve_started",
                ("api_endpoint", $"http://{address}:{apiPort}/api/tokens"),
                ("metrics_endpoint", metricsEnabled ? $"{(observabilityOptions.Metrics.Web.TlsServerConfig.Enabled ? "https" : "http")}://{address}:{metricsPort}{observabilityOptions.Metrics.Path}" : "disabled"),
                ("service_instance_id", ServiceResource.InstanceIdOf(observabilityOptions)),
                ("mode", scannerOptions.Mode),
                ("api_instrumentation", instrumented))).ConfigureAwait(false);
    }
}
