using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using AutoTrader.Observability.Tests.Tracing;
using AutoTrader.Observability.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Tests.Otlp;

/// <summary>The headers of <c>OTEL_EXPORTER_OTLP_HEADERS</c> reach the backend with every signal, as written.</summary>
[Collection(TracingTestGroup.Name)]
public sealed class OtlpHeadersTests
{
    [Fact]
    public async Task Every_signal_sends_the_headers_percent_decoded_and_verbatim()
    {
        using var receiver = new OtlpReceiver();
        var options = ObservabilityConfiguration.Load(null, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "api-key=sk%2541=1 2,x-tenant=acme",
            ["OTEL_TRACES_SAMPLER"] = "always_on",
        });
        var builder = Host.CreateApplicationBuilder();
        builder.AddAutoTraderObservability(options, new MemoryStream());
        using (var host = builder.Build())
        {
            await host.StartAsync();
            using (AutoTraderTracing.TraceOperation("scan"))
            {
                host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AutoTrader.Tests").Info("scan_started");
            }

            await host.StopAsync();
        }

        foreach (var path in new[] { "/v1/traces", "/v1/metrics", "/v1/logs" })
        {
            var request = Assert.Single(receiver.To(path));
            Assert.Equal("sk%41=1 2", request.Headers["api-key"]); // a literal "%41", not an "A"
            Assert.Equal("acme", request.Headers["x-tenant"]);
        }
    }
}
