using System.Globalization;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using AutoTrader.Observability.Metrics.Exposition;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Tests.Metrics;

/// <summary>A started host set up by <c>AddAutoTraderObservability</c>, logging to a stream of the test's, with its scrape.</summary>
internal sealed class TelemetryLossHost : IDisposable
{
    private readonly IHost _host;

    public TelemetryLossHost(ObservabilityOptions options, Stream logOutput)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddAutoTraderObservability(options, logOutput);
        _host = builder.Build();
        _host.Start();
        Logger = _host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AutoTrader.Tests.Loss");
    }

    public ILogger Logger { get; }

    public AutoTraderLoggerProvider LoggerProvider => _host.Services.GetRequiredService<AutoTraderLoggerProvider>();

    public IServiceProvider Services => _host.Services;

    /// <summary>Options with tracing off (metrics and logging only), so that no tracer provider listens to the process-wide source.</summary>
    public static ObservabilityOptions LogsOnly()
    {
        var options = new ObservabilityOptions();
        options.Tracing.Enabled = false;
        return options;
    }

    public string Scrape() => _host.Services.GetRequiredService<MetricsScraper>().Scrape(ExpositionFormat.PrometheusText);

    /// <summary>The value of <c>telemetry_dropped_total{signal, reason}</c> in a scrape; fails when the series is missing.</summary>
    public static double Dropped(string scrape, string signal, string reason)
    {
        var prefix = $"telemetry_dropped_total{{reason=\"{reason}\",signal=\"{signal}\"}} ";
        var line = scrape.Split('\n').SingleOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(line is not null, $"no {prefix.TrimEnd()} series in the scrape:\n{scrape}");
        return double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
    }
}
