using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics.Exposition;
using AutoTrader.Observability.Tracing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.Tests;

/// <summary>Traces and metrics carry one resource, so that a backend joins them on the same attributes.</summary>
[Collection(Tracing.TracingTestGroup.Name)]
public sealed class ServiceResourceTests
{
    [Fact]
    public void Traces_and_metrics_carry_the_same_service_environment_version_and_instance()
    {
        var options = new ObservabilityOptions { ServiceName = "autotrader", Environment = "staging", Version = "1.2.3", ServiceInstanceId = "replica-7" };

        var (traces, metrics, targetInfo) = Resources(options);

        Assert.Equal(traces, metrics);
        Assert.Equal("autotrader", traces["service.name"]);
        Assert.Equal("1.2.3", traces["service.version"]);
        Assert.Equal("replica-7", traces["service.instance.id"]);
        Assert.Equal("staging", traces["deployment.environment.name"]);
        Assert.Equal("dotnet", traces["telemetry.sdk.language"]);
        Assert.DoesNotContain("deployment.environment", traces.Keys);
        Assert.Contains("service_instance_id=\"replica-7\"", targetInfo, StringComparison.Ordinal);
        Assert.Contains("deployment_environment_name=\"staging\"", targetInfo, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_configured_instance_id_every_provider_of_the_process_reports_the_same_drawn_one()
    {
        var (first, _, _) = Resources(new ObservabilityOptions());
        var (_, second, targetInfo) = Resources(new ObservabilityOptions { ServiceInstanceId = "  " });

        Assert.True(Guid.TryParse((string)first["service.instance.id"], out _));
        Assert.Equal(first["service.instance.id"], second["service.instance.id"]);
        Assert.Contains($"service_instance_id=\"{first["service.instance.id"]}\"", targetInfo, StringComparison.Ordinal);
    }

    private static (Dictionary<string, object> Traces, Dictionary<string, object> Metrics, string TargetInfo) Resources(ObservabilityOptions options)
    {
        var services = new ServiceCollection();
        services.AddAutoTraderMetrics(options);
        services.AddAutoTraderTracing(options);
        using var provider = services.BuildServiceProvider();
        var traces = provider.GetRequiredService<TracerProvider>().GetResource().Attributes.ToDictionary(a => a.Key, a => a.Value);
        var metrics = provider.GetRequiredService<MeterProvider>().GetResource().Attributes.ToDictionary(a => a.Key, a => a.Value);
        var targetInfo = provider.GetRequiredService<MetricsScraper>().Scrape(ExpositionFormat.PrometheusText).Split('\n').Single(l => l.StartsWith("target_info{", StringComparison.Ordinal));
        return (traces, metrics, targetInfo);
    }
}
