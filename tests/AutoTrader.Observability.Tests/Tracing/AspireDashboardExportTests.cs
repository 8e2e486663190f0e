using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tracing;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace AutoTrader.Observability.Tests.Tracing;

/// <summary>Spans exported by the configured pipeline arrive intact at a real OTLP backend.</summary>
[Collection(TracingTestGroup.Name)]
public sealed class AspireDashboardExportTests(AspireDashboard dashboard, ITestOutputHelper output) : IClassFixture<AspireDashboard>
{
    [Theory]
    [InlineData("grpc")]
    [InlineData("http/protobuf")]
    public async Task A_traced_async_scan_arrives_with_names_links_attributes_errors_and_resource(string protocol)
    {
        if (dashboard.Unavailable is not null)
        {
            output.WriteLine(dashboard.Unavailable);
            return;
        }

        var service = "autotrader-it-" + Guid.NewGuid().ToString("N")[..8];
        var options = new ObservabilityOptions { ServiceName = service, Version = "9.9.9-test", Environment = "ci" };
        options.Tracing.Sampling.Strategy = "always_on";
        options.Tracing.Exporters.Otlp.Enabled = true;
        // gRPC by an explicit protocol; HTTP chosen automatically from the /v1/traces path.
        options.Tracing.Exporters.Otlp.Endpoint = protocol == "grpc" ? dashboard.GrpcUrl : dashboard.HttpUrl + "/v1/traces";
        options.Tracing.Exporters.Otlp.Protocol = protocol == "grpc" ? "grpc" : "auto";
        // Nothing is exported on schedule within the test: the spans arrive because disposing flushes them.
        options.Performance.SpanExportDelaySeconds = 600;

        string traceId;
        using (AutoTraderTracing.CreateTracerProvider(options))
        {
            traceId = await AutoTraderTracing.TraceAsync(ScanAsync, "scan");
        }

        var spans = await dashboard.WaitForTraceAsync(traceId, 3);
        Assert.Equal(["data_fetch", "llm_call", "scan"], spans.Select(s => s.Name).Order());
        var scan = spans.Single(s => s.Name == "scan");
        var fetch = spans.Single(s => s.Name == "data_fetch");
        var llm = spans.Single(s => s.Name == "llm_call");
        Assert.Null(scan.ParentSpanId);
        Assert.Equal(scan.SpanId, fetch.ParentSpanId);
        Assert.Equal(fetch.SpanId, llm.ParentSpanId);

        Assert.Equal("coingecko", fetch.Attributes["source"]);
        Assert.Equal("12", fetch.Attributes["records_fetched"]);
        Assert.Equal("true", fetch.Attributes["cache_hit"]);
        Assert.Equal("[REDACTED]", llm.Attributes["api_key"]);

        Assert.Equal(2, llm.StatusCode);
        Assert.Equal("rate limited", llm.StatusMessage);
        var exception = Assert.Single(llm.Events, e => e.Name == "exception");
        Assert.Equal(typeof(TimeoutException).FullName, exception.Attributes["exception.type"]);
        Assert.Equal(0, fetch.StatusCode);

        Assert.Equal(service, scan.Resource["service.name"]);
        Assert.Equal("9.9.9-test", scan.Resource["service.version"]);
        Assert.Equal("ci", scan.Resource["deployment.environment.name"]);
        Assert.Equal(ServiceResource.ProcessInstanceId, scan.Resource["service.instance.id"]);
    }

    [Fact]
    public async Task A_host_flushes_its_pending_spans_when_it_stops_gracefully()
    {
        if (dashboard.Unavailable is not null)
        {
            output.WriteLine(dashboard.Unavailable);
            return;
        }

        var options = new ObservabilityOptions { ServiceName = "autotrader-it-host" };
        options.Tracing.Sampling.Strategy = "always_on";
        options.Tracing.Exporters.Otlp.Enabled = true;
        options.Tracing.Exporters.Otlp.Endpoint = dashboard.GrpcUrl;
        options.Tracing.Exporters.Otlp.Protocol = "grpc";
        options.Performance.SpanExportDelaySeconds = 600;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAutoTraderTracing(options);

        string traceId;
        using (var host = builder.Build())
        {
            await host.StartAsync();
            using (var operation = AutoTraderTracing.TraceOperation("shutdown_probe"))
            {
                traceId = operation.Activity!.TraceId.ToHexString();
            }

            await host.StopAsync();
        }

        var span = Assert.Single(await dashboard.WaitForTraceAsync(traceId, 1));
        Assert.Equal("shutdown_probe", span.Name);
    }

    private static async Task<string> ScanAsync()
    {
        using var fetch = AutoTraderTracing.TraceOperation("data_fetch", ("source", "coingecko"));
        await Task.Yield();
        AutoTraderTracing.AddSpanAttributes(("records_fetched", 12), ("cache_hit", true));
        try
        {
            await AutoTraderTracing.TraceAsync(CallLlmAsync, "llm_call");
        }
        catch (TimeoutException)
        {
        }

        return AutoTraderTracing.GetTraceId()!;
    }

    private static async Task CallLlmAsync()
    {
        AutoTraderTracing.AddSpanAttributes(("api_key", "sk-live-123"));
        await Task.Delay(5);
        throw new TimeoutException("rate limited");
    }
}
