namespace AutoTrader.Observability.Logging;

/// <summary>Text taken from the caller's objects, which may throw: a classic call's message and a value's <c>ToString</c>.</summary>
internal static class EventText
{
    /// <summary>
    /// The <c>event</c> of a classic <c>ILogger</c> call: its formatted message, rendered again
    /// with <c>[REDACTED]</c> in the holes of redacted names.
    /// </summary>
    public static string MessageOf<TState>(LogLineSettings settings, ref TState state, Exception? exception, Func<TState, Exception?, string>? formatter)
    {
        string message;
        try
        {
            message = formatter is not null ? formatter(state, exception) : state?.ToString() ?? "";
        }
#pragma warning disable CA1031 // a broken formatter must not lose the event
        catch (Exception e)
        {
            message = $"<message formatting failed: {e.GetType().Name}>";
        }
#pragma warning restore CA1031

        if (state is IReadOnlyList<KeyValuePair<string, object?>> arguments && RedactedMessage.IsNeeded(arguments, settings)
            && arguments.FirstOrDefault(p => p.Key == "{OriginalFormat}").Value is string template)
        {
            message = RedactedMessage.Render(template, arguments, settings);
        }

        return message;
    }

    /// <summary>The value's <c>ToString</c>, or a note naming its type when that throws.</summary>
    public static string SafeToString(object value)
    {
        try
        {
            return value.ToString() ?? "";
        }
#pragma warning disable CA1031 // a value that cannot print itself must not lose the event
        catch (Exception e)
        {
            return $"<{value.GetType().Name}.ToString failed: {e.GetType().Name}>";
        }
#pragma warning restore CA1031
    }
}
