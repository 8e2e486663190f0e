using System.Diagnostics;
using AutoTrader.Observability.Logging;
using OpenTelemetry;

namespace AutoTrader.Observability.Tracing;

/// <summary>
/// Replaces the values of attributes named in <c>logging.redact_fields</c> (ignoring case) with
/// <c>[REDACTED]</c> when a span ends, before any exporter sees it, and the values of such named
/// pairs inside the attributes a client writes (<c>url.path</c>, <c>url.query</c>,
/// <c>url.full</c>, <c>user_agent.original</c>: <c>?token=abc</c> becomes <c>?token=[REDACTED]</c>).
/// Registered ahead of the exporters, it covers attributes from every API and instrumentation
/// library alike.
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

        List<KeyValuePair<string, string>>? hits = null;
        foreach (var tag in data.EnumerateTagObjects())
        {
            if (_redact.Contains(tag.Key))
            {
                if (tag.Value is not LogSchema.Redacted)
                {
                    (hits ??= []).Add(new(tag.Key, LogSchema.Redacted));
                }
            }
            else if (tag.Value is string text && RedactedText.FreeTextAttributes.Contains(tag.Key)
                && RedactedText.Redact(text, _redact, LogSchema.Redacted) is var redacted && !ReferenceEquals(redacted, text))
            {
                (hits ??= []).Add(new(tag.Key, redacted));
            }
        }

        if (hits is null)
        {
            return;
        }

        foreach (var (key, value) in hits)
        {
            data.SetTag(key, value);
        }
    }
}
