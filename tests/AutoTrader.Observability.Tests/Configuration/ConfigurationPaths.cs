using System.Collections;
using System.Globalization;
using System.Reflection;
using AutoTrader.Observability.Configuration;
using Microsoft.Extensions.Configuration;

namespace AutoTrader.Observability.Tests.Configuration;

/// <summary>Reads a value of bound options by its key path, as a user writes it in the file.</summary>
internal static class ConfigurationPaths
{
    /// <summary>The value at <paramref name="path"/> (<c>tracing.exporters.otlp.enabled</c>, a map entry as <c>…headers:api-key</c>) as text; <c>&lt;absent&gt;</c> for a missing map entry.</summary>
    public static string ValueAt(ObservabilityOptions options, string path)
    {
        object? target = options;
        var (sections, mapKey) = path.Split(':') is [var p, var k] ? (p, k) : (path, null);
        foreach (var name in sections.Split('.'))
        {
            var property = target!.GetType().GetProperties().Single(p => (p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name) == name);
            target = property.GetValue(target);
        }

        if (mapKey is not null)
        {
            var map = (IDictionary)target!;
            return map.Contains(mapKey) ? (string)map[mapKey]! : "<absent>";
        }

        return target switch
        {
            bool b => b ? "true" : "false",
            double d => d.ToString(CultureInfo.InvariantCulture),
            _ => Convert.ToString(target, CultureInfo.InvariantCulture) ?? "",
        };
    }

    /// <summary>The configuration key of <paramref name="path"/>: <c>observability:tracing:exporters:otlp:enabled</c>.</summary>
    public static string KeyOf(string path) => "observability:" + path.Replace('.', ':');

    /// <summary><c>"A=1; B=2"</c> as an environment.</summary>
    public static Dictionary<string, string> Environment(string variables) =>
        variables.Split("; ", StringSplitOptions.RemoveEmptyEntries).Select(v => v.Split('=', 2)).ToDictionary(v => v[0], v => v[1]);
}
