using System.Diagnostics;

namespace AutoTrader.Observability.Tracing;

/// <summary>How an exception leaving traced code is written on its span.</summary>
internal static class SpanOutcome
{
    /// <summary>The boolean attribute set on a span whose work was cancelled.</summary>
    public const string CancelledAttribute = "cancelled";

    /// <summary>
    /// A cancellation is an outcome the caller asked for, not a failure: the status stays unset
    /// and the span gets <c>cancelled = true</c>. Anything else sets status error and adds the
    /// OpenTelemetry <c>exception</c> event (type, message, stack trace).
    /// </summary>
    public static void Record(Activity activity, Exception exception)
    {
        if (exception is OperationCanceledException)
        {
            activity.SetTag(CancelledAttribute, true);
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.AddException(exception);
    }
}
