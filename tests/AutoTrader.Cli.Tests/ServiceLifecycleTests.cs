using System.Text;
using AutoTrader.Cli.Hosting;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Cli.Tests;

public sealed class ServiceLifecycleTests
{
    [Fact]
    public async Task A_background_service_that_dies_stops_the_service_with_exit_code_1_and_its_reason_logged()
    {
        using var output = new MemoryStream();
        using var provider = new AutoTraderLoggerProvider(new ObservabilityOptions(), output);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(provider);
        builder.Services.AddHostedService<DyingService>();
        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AutoTrader.Cli.Serve");

        var exitCode = await ServiceLifecycle.RunAsync(app, logger, "serve", TimeSpan.FromSeconds(10), e => e.Message, () => logger.Info("serve_started"))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ServiceLifecycle.Failed, exitCode);
        Assert.True(provider.Flush(TimeSpan.FromSeconds(5)));
        var failed = Assert.Single(Encoding.UTF8.GetString(output.ToArray()).Split('\n'), l => l.Contains("\"event\":\"serve_failed\"", StringComparison.Ordinal));
        Assert.Contains("the scan loop broke", failed, StringComparison.Ordinal);
        Assert.Contains("\"stack_trace\"", failed, StringComparison.Ordinal);
    }

    private sealed class DyingService : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Delay(200, stoppingToken);
            throw new InvalidOperationException("the scan loop broke");
        }
    }
}
