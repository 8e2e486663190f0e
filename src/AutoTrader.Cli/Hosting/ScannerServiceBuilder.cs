using AutoTrader.Observability.Configuration;
using AutoTrader.Scanner.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Cli.Hosting;

/// <summary>
/// What the long-running commands (<c>serve</c>, <c>metrics-server</c>) start from: an observed web
/// application with the scanner, its background scans and health checks, and the drain timeout.
/// </summary>
internal static class ScannerServiceBuilder
{
    public static WebApplicationBuilder Create(ObservabilityOptions observabilityOptions, ScannerOptions scannerOptions, TimeSpan drainTimeout)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddAutoTraderObservability(observabilityOptions);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter(ServiceLifecycle.HostLoggerName, LogLevel.None);
        builder.Services.AddAutoTraderScanner(scannerOptions).AddAutoTraderScanLoop();
        builder.Services.AddHealthChecks().AddAutoTraderScannerChecks();
        builder.Services.UseDrainTimeout(drainTimeout);
        return builder;
    }
}
