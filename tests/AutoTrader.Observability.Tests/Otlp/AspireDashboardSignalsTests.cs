using System.Text;
using System.Text.Json;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using AutoTrader.Observability.Tests.Tracing;
using AutoTrader.Observability.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace AutoTrader.Observability.Tests.Otlp;

/// <summary>
/// Logs and metrics over OTLP, switched on by the standard variables alone, arrive at a real
/// backend beside the traces: a scan's log lines under its trace, one resource for all three.
/// </summary>
[Collection(TracingTestGroup.Name)]
public sealed class AspireDashboardSignalsTests(AspireDashboard dashboard, ITestOutputHelper output) : IClassFixture<AspireDashboard>
{
    [Theory]
    [InlineData("grpc")]
    [InlineData("http/protobuf")]
    public async Task A_scans_log_lines_arrive_under_its_trace_with_their_attributes_redacted_as_on_stdout(string protocol)
    {
        if (dashboard.Unavailable is not null)
        {
            output.WriteLine(dashboard.Unavailable);
            return;
        }

        var service = "autotrader-logs-" + Guid.NewGuid().ToString("N")[..8];
        var stdout = new MemoryStream();
        string traceId;
        using (var host = StartHost(service, protocol, stdout))
        {
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AutoTrader.Scanner.TokenScanner");
            using (var scan = AutoTraderTracing.TraceOperation("scan"))
            {
                traceId = scan.Activity!.TraceId.ToHexString();
                var log = logger.Bind(("token_symbol", "ADA"));
                log.Info("scan_started");
                using (logger.BeginScope(new Dictionary<string, object?> { ["request_id"] = "req-42" }))
                {
                    log.Info("scan_completed", ("gem_score", 85.5), ("flag_count", 2), ("api_key", "sk-live-123"));
                    logger.LogWarning("source {Source} answered slowly, token {Token}", "coingecko", "tok-secret");
                }
            }

            await host.StopAsync();
        }

        var logs = await dashboard.WaitForLogsAsync(traceId, 3);
        var span = Assert.Single(await dashboard.WaitForTraceAsync(traceId, 1));
        Assert.Equal(3, logs.Count);
        Assert.All(logs, l => Assert.Equal(span.SpanId, l.SpanId));
        Assert.All(logs, l => Assert.Equal("AutoTrader.Scanner.TokenScanner", l.Scope));

        var started = Assert.Single(logs, l => l.EventName == "scan_started");
        Assert.Equal(("scan_started", "Information", "ADA"), (started.Body, started.SeverityText, started.Attributes["token_symbol"]));

        var completed = Assert.Single(logs, l => l.EventName == "scan_completed");
        Assert.Equal("85.5", completed.Attributes["gem_score"]);
        Assert.Equal("2", completed.Attributes["flag_count"]);
        Assert.Equal("ADA", completed.Attributes["token_symbol"]);
        Assert.Equal("req-42", completed.Attributes["request_id"]);
        Assert.Equal(LogSchema.Redacted, completed.Attributes["api_key"]);

        var warning = Assert.Single(logs, l => l.SeverityText == "Warning");
        Assert.Equal("source coingecko answered slowly, token [REDACTED]", warning.Body);
        Assert.Equal(("coingecko", LogSchema.Redacted), (warning.Attributes["Source"], warning.Attributes["Token"]));

        Assert.All(logs, l => Assert.Equal(service, l.Resource["service.name"]));
        Assert.All(logs, l => Assert.Equal(span.Resource["service.instance.id"], l.Resource["service.instance.id"]));
        Assert.Equal("ci", logs[0].Resource["deployment.environment.name"]);

        // The same events went to stdout, in full: OTLP is beside the console, never instead.
        var lines = Encoding.UTF8.GetString(stdout.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.TryGetProperty("trace_id", out var id) && id.GetString() == traceId);
        Assert.Equal(logs.Select(l => l.Body).Order(), lines.Select(l => l.GetProperty("event").GetString()!).Order());
    }

    [Fact]
    public async Task Metrics_pushed_over_OTLP_reach_the_dashboard_under_the_resource_of_the_logs_and_traces()
    {
        if (dashboard.Unavailable is not null)
        {
            output.WriteLine(dashboard.Unavailable);
            return;
        }

        var service = "autotrader-metrics-" + Guid.NewGuid().ToString("N")[..8];
        using (var host = StartHost(service, "grpc", new MemoryStream()))
        {
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AutoTrader.Tests");
            using (AutoTraderTracing.TraceOperation("scan"))
            {
                logger.Info("scan_started");
            }

            host.Services.GetRequiredService<AutoTrader.Observability.Metrics.AutoTraderMetrics>().RecordScanRequest("ADA", "success");
            await host.StopAsync();
        }

        var resource = await dashboard.WaitForResourceAsync(service, r => r.HasMetrics && r.HasLogs && r.HasTraces);

        Assert.NotNull(resource);
        Assert.Equal((true, true, true), (resource.HasMetrics, resource.HasLogs, resource.HasTraces));
        Assert.Equal(ServiceResource.ProcessInstanceId, resource.InstanceId);
    }

    /// <summary>A host configured by the standard variables only (and long export delays, so that stopping it sends everything).</summary>
    private IHost StartHost(string service, string protocol, Stream stdout)
    {
        var options = ObservabilityConfiguration.Load(null, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = protocol == "grpc" ? dashboard.GrpcUrl : dashboard.HttpUrl,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
            ["OTEL_SERVICE_NAME"] = service,
            ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment.name=ci",
            ["OTEL_TRACES_SAMPLER"] = "always_on",
        });
        options.Performance.SpanExportDelaySeconds = 600;
        options.Performance.LogExportDelaySeconds = 600;
        options.Metrics.Exporters.Otlp.IntervalSeconds = 600;
        var builder = Host.CreateApplicationBuilder();
        builder.AddAutoTraderObservability(options, stdout);
        var host = builder.Build();
        host.Start();
        return host;
    }
}
