using System.Diagnostics;
using AutoTrader.Observability.Logging;

namespace AutoTrader.Observability.Tracing;

public static partial class AutoTraderTracing
{
    /// <summary>
    /// Starts a span named <paramref name="name"/> as a child of the current one; dispose the scope
    /// (a <c>using</c>) to end it. Attribute values keep their types: strings, booleans, 64-bit
    /// integers and doubles, as on log lines (<see cref="LogField"/>); they are boxed only when the
    /// span is recorded, so an operation nobody samples allocates nothing.
    /// </summary>
    /// <remarks>
    /// A <c>using</c> scope cannot see an exception passing through it: report one with
    /// <see cref="OperationScope.Fail"/> in an exception filter, which records it without catching,
    /// or use <see cref="Trace{T}(Func{T}, string?, string)"/> and its async overloads, which do it for you.
    /// </remarks>
    public static OperationScope TraceOperation(string name, params ReadOnlySpan<LogField> attributes)
    {
        if (!Source.HasListeners())
        {
            return default;
        }

        var activity = Source.StartActivity(name);
        if (activity is { IsAllDataRequested: true })
        {
            SetTags(activity, attributes);
        }

        return new OperationScope(activity);
    }

    /// <summary>
    /// Adds attributes to the current span, keeping the values' types (numbers stay numbers, see
    /// <see cref="LogField"/>);
    /// does nothing outside a span or when the span is not recorded. Keys named in
    /// <c>logging.redact_fields</c> are exported as <c>[REDACTED]</c>.
    /// </summary>
    public static void AddSpanAttributes(params ReadOnlySpan<LogField> attributes)
    {
        if (Activity.Current is not { IsAllDataRequested: true } activity)
        {
            return;
        }

        SetTags(activity, attributes);
    }

    private static void SetTags(Activity activity, ReadOnlySpan<LogField> attributes)
    {
        foreach (var attribute in attributes)
        {
            activity.SetTag(attribute.Key, attribute.Value);
        }
    }
}
