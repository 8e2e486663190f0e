using System.Diagnostics;
using System.Text.Json;
using AutoTrader.Observability.Tracing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AutoTrader.Observability.Tests.Tracing;

[Collection(TracingTestGroup.Name)]
public sealed class ConsoleExporterTests
{
    [Fact]
    public void Each_span_becomes_one_json_line_with_ids_duration_status_and_typed_attributes()
    {
        var output = new MemoryStream();
        using (Sdk.CreateTracerProviderBuilder()
            .AddSource(AutoTraderTracing.SourceName)
            .SetSampler(new AlwaysOnSampler())
            .AddProcessor(new SimpleActivityExportProcessor(new ConsoleSpanExporter(output, new SpanExportFailures())))
            .Build())
        {
            using var parent = AutoTraderTracing.TraceOperation("scan", ("token_symbol", "BTC"), ("gem_score", 85.5), ("cached", true), ("count", 3));
            try
            {
                using var fetch = AutoTraderTracing.TraceOperation("data_source.fetch", ("note", "line\n\"quoted\""));
                throw new TimeoutException("slow");
            }
            catch (TimeoutException e)
            {
                parent.Fail(e); // records the failure on the scan span
            }
        }

        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var child = JsonDocument.Parse(lines[0]).RootElement;
        var scan = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal("data_source.fetch", child.GetProperty("span").GetString());
        Assert.Equal("line\n\"quoted\"", child.GetProperty("attributes").GetProperty("note").GetString());
        Assert.Equal(scan.GetProperty("trace_id").GetString(), child.GetProperty("trace_id").GetString());
        Assert.Equal(scan.GetProperty("span_id").GetString(), child.GetProperty("parent_span_id").GetString());
        Assert.Equal("scan", scan.GetProperty("span").GetString());
        Assert.Equal(32, scan.GetProperty("trace_id").GetString()!.Length);
        Assert.False(scan.TryGetProperty("parent_span_id", out _));
        Assert.Equal("error", scan.GetProperty("status").GetString());
        Assert.True(scan.GetProperty("duration_seconds").GetDouble() >= 0);
        var attributes = scan.GetProperty("attributes");
        Assert.Equal("BTC", attributes.GetProperty("token_symbol").GetString());
        Assert.Equal(85.5, attributes.GetProperty("gem_score").GetDouble());
        Assert.True(attributes.GetProperty("cached").GetBoolean());
        Assert.Equal(3, attributes.GetProperty("count").GetInt64());
    }

    [Fact]
    public void A_failing_output_reports_the_export_as_failed_without_throwing_and_counts_its_spans()
    {
        var failures = new SpanExportFailures();
        using var exporter = new ConsoleSpanExporter(new FailingStream(), failures);
        using var first = new Activity("scan").Start();
        first.Stop();
        using var second = new Activity("fetch").Start();
        second.Stop();

        Assert.Equal(ExportResult.Failure, exporter.Export(new Batch<Activity>([first, second], 2)));
        Assert.Equal(2, failures.Spans);
    }
}
