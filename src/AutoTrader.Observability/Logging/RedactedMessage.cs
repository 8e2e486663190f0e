using System.Globalization;
using System.Text;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// Renders a classic <c>ILogger</c> message template again with redacted arguments, so that a
/// secret passed as <c>{Token}</c> does not reach the line through the formatted message.
/// </summary>
internal static class RedactedMessage
{
    /// <summary>True when one of the template's arguments must be redacted.</summary>
    public static bool IsNeeded(IReadOnlyList<KeyValuePair<string, object?>> properties, LogLineSettings settings)
    {
        for (var i = 0; i < properties.Count; i++)
        {
            if (settings.Redacted.Contains(properties[i].Key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Renders <c>{Name}</c>, <c>{Name,align}</c> and <c>{Name:format}</c> holes; <c>{{</c> and <c>}}</c> are literal braces.</summary>
    public static string Render(string template, IReadOnlyList<KeyValuePair<string, object?>> properties, LogLineSettings settings)
    {
        var text = new StringBuilder(template.Length + 16);
        var hole = 0;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                text.Append(c);
                i++;
                continue;
            }

            var close = c == '{' ? template.IndexOf('}', i + 1) : -1;
            if (close < 0)
            {
                text.Append(c);
                continue;
            }

            var spec = template.AsSpan(i + 1, close - i - 1);
            var nameEnd = spec.IndexOfAny(',', ':');
            var name = (nameEnd < 0 ? spec : spec[..nameEnd]).ToString();
            var format = spec.IndexOf(':') is var colon and >= 0 ? spec[(colon + 1)..].ToString() : null;
            var value = hole < properties.Count ? properties[hole].Value : null;
            hole++;
            text.Append(settings.Redacted.Contains(name)
                ? LogSchema.Redacted
                : value is IFormattable formattable ? formattable.ToString(format, CultureInfo.InvariantCulture) : value?.ToString() ?? "(null)");
            i = close;
        }

        return text.ToString();
    }
}
