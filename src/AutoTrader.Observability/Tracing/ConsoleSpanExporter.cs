using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OpenTelemetry;

namespace AutoTrader.Observability.Tracing;

/// <summary>
/// The console exporter: one JSON line per finished span on standard error.
/// </summary>
/// <remarks>
/// Standard output carries the JSON log lines and nothing else, so that <c>jq</c> and log
/// shippers can read it whole. OpenTelemetry's console exporter writes several indented lines per
/// span to standard output, between the log lines; it cannot be pointed elsewhere. This one writes
/// to standard error, one line per span, from the batch processor's thread. The spans of a batch
/// it cannot write are counted in <paramref name="failures"/>.
/// </remarks>
internal sealed class ConsoleSpanExporter(Stream output, SpanExportFailures failures) : BaseExporter<Activity>
{
    private readonly MemoryStream _buffer = new();

    public override ExportResult Export(in Batch<Activity> batch)
    {
        _buffer.SetLength(0);
        using (var json = new Utf8JsonWriter(_buffer))
        {
            foreach (var span in batch)
            {
                Write(json, span);
                json.Flush();
                _buffer.WriteByte((byte)'\n');
                json.Reset();
            }
        }

        try
        {
            output.Write(_buffer.GetBuffer(), 0, (int)_buffer.Length);
            output.Flush();
            return ExportResult.Success;
        }
#pragma warning disable CA1031 // a closed or failing stderr loses these spans, never the application
        catch (Exception)
        {
            failures.Add(batch.Count);
            return ExportResult.Failure;
        }
#pragma warning restore CA1031
    }

    private static void Write(Utf8JsonWriter json, Activity span)
    {
        json.WriteStartObject();
        json.WriteString("timestamp", span.StartTimeUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        json.WriteString("span", span.DisplayName);
        json.WriteString("kind", span.Kind.ToString().ToLowerInvariant());
        json.WriteString("trace_id", span.TraceId.ToHexString());
        json.WriteString("span_id", span.SpanId.ToHexString());
        if (span.ParentSpanId != default)
        {
            json.WriteString("parent_span_id", span.ParentSpanId.ToHexString());
        }

        json.WriteNumber("duration_seconds", span.Duration.TotalSeconds);
        json.WriteString("status", span.Status.ToString().ToLowerInvariant());
        if (span.StatusDescription is { } description)
        {
            json.WriteString("status_description", description);
        }

        json.WriteStartObject("attributes");
        foreach (var (key, value) in span.TagObjects)
        {
            json.WritePropertyName(key);
            WriteValue(json, value);
        }

        json.WriteEndObject();
        json.WriteStartArray("events");
        foreach (var e in span.Events)
        {
            json.WriteStringValue(e.Name);
        }

        json.WriteEndArray();
        json.WriteString("source", span.Source.Name);
        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case int or long or short or byte:
                json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double or float when Convert.ToDouble(value, CultureInfo.InvariantCulture) is var number && double.IsFinite(number):
                json.WriteNumberValue(number);
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _buffer.Dispose();
        }

        base.Dispose(disposing);
    }
}
