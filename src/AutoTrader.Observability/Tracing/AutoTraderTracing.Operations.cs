using System.Diagnostics;

namespace AutoTrader.Observability.Tracing;

public static partial class AutoTraderTracing
{
    /// <summary>
    /// Starts a span named <paramref name="name"/> as a child of the current one; dispose the scope
    /// (a <c>using</c>) to end it. Attribute values keep their types.
    /// </summary>
    /// <remarks>
    /// A <c>using</c> scope cannot see an exception passing through it: report one with
    /// <see cref="OperationScope.Fail"/> in an exception filter, which records it without catching,
    /// or use <see cref="Trace{T}(Func{T}, string?, string)"/> and its async overloads, which do it for you.
    /// </remarks>
    public static OperationScope TraceOperation(string name, params ReadOnlySpan<(string Key, object? Value)> attributes)
    {
        var activity = Source.StartActivity(name);
        if (activity is { IsAllDataRequested: true })
        {
            foreach (var (key, value) in attributes)
            {
                activity.SetTag(key, value);
            }
        }

        return new OperationScope(activity);
    }

    /// <summary>
    /// Adds attributes to the current span, keeping the values' types (numbers stay numbers);
    /// does nothing outside a span or when the span is not recorded. Keys named in
    /// <c>logging.redact_fields</c> are exported as <c>[REDACTED]</c>.
    /// </summary>
    public static void AddSpanAttributes(params ReadOnlySpan<(string Key, object? Value)> attributes)
    {
        if (Activity.Current is not { IsAllDataRequested: true } activity)
        {
            return;
        }

        foreach (var (key, value) in attributes)
        {
            activity.SetTag(key, value);
        }
    }
}
