using System.Globalization;
using System.Text.RegularExpressions;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics;
using AutoTrader.Observability.Metrics.Exposition;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Metrics;

namespace AutoTrader.Scanner.Tests;

/// <summary>The real metrics pipeline, read back through its Prometheus exposition.</summary>
internal sealed class ScannerTestKit : IDisposable
{
    private readonly ServiceProvider _services;

    public ScannerTestKit()
    {
        var collection = new ServiceCollection();
        collection.AddAutoTraderMetrics(new ObservabilityOptions());
        _services = collection.BuildServiceProvider();
        _ = _services.GetRequiredService<MeterProvider>();
        Metrics = _services.GetRequiredService<AutoTraderMetrics>();
    }

    public AutoTraderMetrics Metrics { get; }

    public ILogger Logger { get; } = NullLogger.Instance;

    /// <summary>
    /// The value of one series, such as <c>scan_requests_total{token_symbol="BTC",status="success"}</c>,
    /// whatever the order of its labels in the exposition; 0 when absent.
    /// </summary>
    public double Value(string series)
    {
        using var output = new MemoryStream();
        Assert.True(_services.GetRequiredService<MetricsScraper>().WriteAsync(output, ExpositionFormat.PrometheusText).GetAwaiter().GetResult());
        var wanted = Parse(series + " 0");
        foreach (var line in System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n'))
        {
            if (!line.StartsWith('#') && Parse(line) is { } found && found.Name == wanted!.Value.Name && found.Labels.SetEquals(wanted.Value.Labels))
            {
                return found.Value;
            }
        }

        return 0;
    }

    private static (string Name, HashSet<string> Labels, double Value)? Parse(string line)
    {
        var match = Regex.Match(line, @"^(\w+)(?:\{(.*)\})? (\S+)$");
        if (!match.Success)
        {
            return null;
        }

        var labels = Regex.Matches(match.Groups[2].Value, @"(\w+)=""((?:[^""\\]|\\.)*)""").Select(m => m.Value).ToHashSet();
        return (match.Groups[1].Value, labels, double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    public void Dispose() => _services.Dispose();
}
