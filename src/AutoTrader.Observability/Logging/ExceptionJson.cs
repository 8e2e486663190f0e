using System.Text.Json;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// An exception as the object a line holds under <c>exception</c>: <c>type</c>, <c>message</c>,
/// <c>stack_trace</c>, then <c>inner</c> or, for an <see cref="AggregateException"/>,
/// <c>inner_exceptions</c>, down to <see cref="JsonValueWriter.MaxDepth"/> levels.
/// </summary>
internal static class ExceptionJson
{
    public static void Write(Utf8JsonWriter json, Exception exception, int depth)
    {
        json.WriteStartObject();
        json.WriteString(LogSchema.ExceptionType, exception.GetType().FullName);
        json.WriteString(LogSchema.ExceptionMessage, Utf16Text.Sanitize(exception.Message));
        json.WriteString(LogSchema.ExceptionStackTrace, Utf16Text.Sanitize(exception.StackTrace ?? ""));
        if (depth < JsonValueWriter.MaxDepth)
        {
            if (exception is AggregateException aggregate)
            {
                json.WriteStartArray(LogSchema.ExceptionInnerList);
                foreach (var inner in aggregate.InnerExceptions)
                {
                    Write(json, inner, depth + 1);
                }

                json.WriteEndArray();
            }
            else if (exception.InnerException is { } inner)
            {
                json.WritePropertyName(LogSchema.ExceptionInner);
                Write(json, inner, depth + 1);
            }
        }

        json.WriteEndObject();
    }
}
