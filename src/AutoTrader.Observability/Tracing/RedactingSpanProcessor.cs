using System.Diagnostics;
using AutoTrader.Observability.Logging;
using OpenTelemetry;

namespace AutoTrader.Observability.Tracing;

/// <summary>
/// Replaces the values of attributes named in <c>logging.redact_fields</c> (ignoring case) with
/// <c>[REDACTED]</c> when a span ends, before any exporter sees it. Registered ahead of the
/// exporters, it covers attributes from every API and instrumentation library alike.
/// </summary>
internal sealed class RedactingSpanProcessor(IReadOnlyCollection<string> redactFields) : BaseProcessor<Activity>
{
    private readonly HashSet<string> _redact = new(redactFields, StringComparer.OrdinalIgnoreCase);

    public override void OnEnd(Activity data)
    {
        if (_redact.Count == 0)
        {
            return;
        }

        List<string>? hits = null;
        foreach (var tag in data.EnumerateTagObjects())
        {
            if (_redact.Contains(tag.Key) && tag.Value is not LogSchema.Redacted)
            {
                (hits ??= []).Add(tag.Key);
            }
        }

        if (hits is null)
        {
            return;
        }

        foreach (var key in hits)
        {
            data.SetTag(key, LogSchema.Redacted);
        }
    }
}
