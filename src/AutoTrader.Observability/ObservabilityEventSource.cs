using System.Diagnostics.Tracing;

namespace AutoTrader.Observability;

/// <summary>
/// The library's self-diagnostics, as OpenTelemetry .NET publishes its own: telemetry that failed
/// to export or was dropped, metrics whose label sets are folded past their cardinality limit,
/// and configuration values taken by default where a setting was missing or ignored. Read them
/// with <c>dotnet-trace collect --providers AutoTrader-Observability</c> or an
/// <see cref="EventListener"/>. Each event is raised where the loss is counted (in
/// <c>telemetry_dropped_total</c> or <c>metric_cardinality_overflow_total</c>) or warned about in
/// the application log, which keep telling the operator; nothing is raised while no one listens.
/// </summary>
[EventSource(Name = SourceName)]
internal sealed class ObservabilityEventSource : EventSource
{
    /// <summary>The name to enable, as <c>dotnet-trace</c> and <c>EventListener</c> take it.</summary>
    public const string SourceName = "AutoTrader-Observability";

    public static readonly ObservabilityEventSource Log = new();

    private ObservabilityEventSource()
    {
    }

    /// <summary>An exporter failed to send a batch of <paramref name="items"/> spans, metric points or log records.</summary>
    [Event(1, Level = EventLevel.Warning, Keywords = Keywords.Loss, Message = "{0}: an export of {1} items failed; they are lost")]
    public void ExportFailed(string signal, long items)
    {
        if (IsEnabled(EventLevel.Warning, Keywords.Loss))
        {
            WriteEvent(1, signal, items);
        }
    }

    /// <summary><paramref name="items"/> spans, log lines or records were dropped before export, for <paramref name="reason"/>.</summary>
    [Event(2, Level = EventLevel.Warning, Keywords = Keywords.Loss, Message = "{0}: {2} items dropped ({1})")]
    public void TelemetryDropped(string signal, string reason, long items)
    {
        if (IsEnabled(EventLevel.Warning, Keywords.Loss))
        {
            WriteEvent(2, signal, reason, items);
        }
    }

    /// <summary>A metric reached its cardinality limit: from now on new label sets fold into its overflow series.</summary>
    [Event(3, Level = EventLevel.Warning, Keywords = Keywords.Cardinality, Message = "metric {0} reached its limit of {1} label sets; further sets fold into the overflow series")]
    public void CardinalityLimitReached(string metric, int limit)
    {
        if (IsEnabled(EventLevel.Warning, Keywords.Cardinality))
        {
            WriteEvent(3, metric, limit);
        }
    }

    /// <summary>One measurement of a metric past its cardinality limit was folded into the overflow series.</summary>
    [Event(4, Level = EventLevel.Verbose, Keywords = Keywords.Cardinality, Message = "metric {0}: a measurement was folded into the overflow series")]
    public void CardinalityFolded(string metric)
    {
        if (IsEnabled(EventLevel.Verbose, Keywords.Cardinality))
        {
            WriteEvent(4, metric);
        }
    }

    /// <summary>A setting was missing or ignored and a default took its place.</summary>
    [Event(5, Level = EventLevel.Informational, Keywords = Keywords.Configuration, Message = "{0}: {1}")]
    public void ConfigurationFallback(string setting, string fallback)
    {
        if (IsEnabled(EventLevel.Informational, Keywords.Configuration))
        {
            WriteEvent(5, setting, fallback);
        }
    }

    /// <summary>The event groups, to enable one at a time.</summary>
    public static class Keywords
    {
        /// <summary>Export failures and drops.</summary>
        public const EventKeywords Loss = (EventKeywords)1;

        /// <summary>Cardinality limits and folds.</summary>
        public const EventKeywords Cardinality = (EventKeywords)2;

        /// <summary>Configuration fallbacks.</summary>
        public const EventKeywords Configuration = (EventKeywords)4;
    }
}
