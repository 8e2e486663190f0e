using System.Diagnostics;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tracing;
using Microsoft.Extensions.Hosting;

namespace AutoTrader.Observability.Tests.Tracing;

/// <summary>The C# snippets of the guide's Distributed Tracing section, compiled and run.</summary>
[Collection(TracingTestGroup.Name)]
public sealed class TracingGuideSnippets
{
    [Fact]
    public async Task Setup_with_a_host_and_without_one()
    {
        var options = ObservabilityConfiguration.LoadYaml(
            "observability:\n  tracing:\n    sampling:\n      strategy: always_on\n", new Dictionary<string, string>());
        AssertNothingListens("before the setup");

        #region snippet: tracing-setup-host
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAutoTraderTracing(options);
        #endregion

        using (var host = builder.Build())
        {
            await host.StartAsync();
            AssertRecorded("in the started host");
            await host.StopAsync();
        }

        AssertNothingListens("after the host stopped");

        #region snippet: tracing-setup-standalone
        using var tracerProvider = AutoTraderTracing.CreateTracerProvider(options);
        // ... run the command; disposing the provider at exit flushes pending spans.
        #endregion

        AssertRecorded("under the provider built without a host");
        tracerProvider.Dispose();
        AssertNothingListens("after the provider was disposed");
    }

    [Fact]
    public void Operations_and_attributes()
    {
        using var tracer = new RecordingTracer();

        #region snippet: tracing-operation
        using (AutoTraderTracing.TraceOperation("data_fetch", ("source", "coingecko"), ("token_symbol", "BTC")))
        {
            var data = FetchData();

            AutoTraderTracing.AddSpanAttributes(("records_fetched", data.Count), ("cache_hit", true));
        }
        #endregion

        var span = tracer.Single("data_fetch");
        Assert.Equal(3L, span.GetTagItem("records_fetched"));
        Assert.Equal(true, span.GetTagItem("cache_hit"));
    }

    [Fact]
    public void An_operation_that_fails()
    {
        using var tracer = new RecordingTracer();

        Assert.Throws<HttpRequestException>(() =>
        {
            #region snippet: tracing-operation-failure
            using var operation = AutoTraderTracing.TraceOperation("data_fetch", ("source", "dexscreener"));
            try
            {
                FetchFromFlakySource();
            }
            catch (Exception ex) when (operation.Fail(ex))
            {
                // never entered: Fail records the exception and returns false, so it propagates unchanged
            }
            #endregion
        });

        Assert.Equal(ActivityStatusCode.Error, tracer.Single("data_fetch").Status);
    }

    [Fact]
    public async Task Traced_functions()
    {
        using var tracer = new RecordingTracer();

        #region snippet: tracing-function
        var score = AutoTraderTracing.Trace(() => ProcessToken("BTC"), "process_token_data");
        #endregion

        #region snippet: tracing-async-function
        var data = await AutoTraderTracing.TraceAsync(() => FetchDataAsync("https://api.example.com/tokens"), "fetch_api_data");
        var prices = await AutoTraderTracing.TraceAsync(FetchPricesAsync); // span "TracingGuideSnippets.FetchPricesAsync"
        #endregion

        Assert.Equal(85.5, score);
        Assert.Equal(3, data.Count);
        Assert.Equal(2, prices.Length);
        tracer.Single("process_token_data");
        tracer.Single("fetch_api_data");
        tracer.Single("TracingGuideSnippets.FetchPricesAsync");
    }

    [Fact]
    public void Trace_ids()
    {
        using var tracer = new RecordingTracer();

        #region snippet: tracing-ids
        string? traceId, spanId;
        using (AutoTraderTracing.TraceOperation("scan"))
        {
            traceId = AutoTraderTracing.GetTraceId(); // 32 hex digits: 4bf92f3577b34da6a3ce929d0e0e4736
            spanId = AutoTraderTracing.GetSpanId();   // 16 hex digits: 00f067aa0ba902b7
        }

        var outside = AutoTraderTracing.GetTraceId(); // null: there is no current span
        #endregion

        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.Matches("^[0-9a-f]{16}$", spanId);
        Assert.Null(outside);
    }

    private static List<string> FetchData() => ["BTC", "ETH", "SOL"];

    private static void FetchFromFlakySource() => throw new HttpRequestException("503");

    private static double ProcessToken(string symbol) => symbol.Length > 0 ? 85.5 : 0;

    private static async Task<List<string>> FetchDataAsync(string url)
    {
        await Task.Yield();
        return url.Length > 0 ? FetchData() : [];
    }

    private static async ValueTask<decimal[]> FetchPricesAsync()
    {
        await Task.Yield();
        return [1m, 2m];
    }

    /// <summary>A span of the AutoTrader source is recorded (always_on samples it): a provider of the setup listens.</summary>
    private static void AssertRecorded(string when)
    {
        using var probe = AutoTraderTracing.Source.StartActivity("probe");
        Assert.True(probe is { Recorded: true }, "no span recorded " + when);
    }

    /// <summary>No span is created: nothing listens to the source, so a span recorded later is the setup's doing.</summary>
    private static void AssertNothingListens(string when)
    {
        using var probe = AutoTraderTracing.Source.StartActivity("probe");
        Assert.True(probe is null, "a span was created " + when);
    }
}
