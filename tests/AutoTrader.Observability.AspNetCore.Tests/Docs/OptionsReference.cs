using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AutoTrader.Observability.Configuration;
using Microsoft.Extensions.Configuration;

namespace AutoTrader.Observability.AspNetCore.Tests.Docs;

/// <summary>
/// The options reference of docs/library.md, written from the options classes themselves: every
/// key the <c>observability</c> section binds (by <see cref="ConfigurationKeyNameAttribute"/>, as
/// the binder finds them), its type, its default (read from a new instance) and the summary of its
/// XML documentation; then the properties of <see cref="AutoTraderWebOptions"/>.
/// </summary>
internal static partial class OptionsReference
{
    public static string Markdown()
    {
        var docs = Summaries(typeof(ObservabilityOptions).Assembly).Concat(Summaries(typeof(AutoTraderWebOptions).Assembly)).ToDictionary();
        var text = new StringBuilder();
        text.Append("### The `observability` section\n\n");
        text.Append("In appsettings.json as `\"observability\": { \"logging\": { \"level\": \"INFO\" } }`, in the YAML file as `observability:` then `logging:` then `level: INFO`, as an environment variable `observability__logging__level`. `<name>` stands for a key of your choosing.\n\n");
        text.Append("| key | type | default | what it sets |\n|---|---|---|---|\n");
        Section(text, docs, typeof(ObservabilityOptions), new ObservabilityOptions(), ObservabilityOptions.SectionName);

        text.Append("\n### `AutoTraderWebOptions`, the argument of `MapAutoTraderObservability`\n\n");
        text.Append("| property | type | default | what it sets |\n|---|---|---|---|\n");
        var web = new AutoTraderWebOptions(new ObservabilityOptions());
        foreach (var property in Declared(typeof(AutoTraderWebOptions)))
        {
            Row(text, property.Name, TypeName(property.PropertyType), property.GetValue(web) is { } value ? Default(value) : "none", Summary(docs, property));
        }

        return text.ToString();
    }

    private static void Section(StringBuilder text, Dictionary<string, string> docs, Type type, object instance, string prefix)
    {
        foreach (var property in Declared(type).Where(p => p.CanWrite))
        {
            var key = prefix + "." + (property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name);
            var propertyType = property.PropertyType;
            var value = property.GetValue(instance);
            if (IsSectionMap(propertyType, out var sectionType))
            {
                Row(text, key, "map of sections", value is IDictionary { Count: > 0 } map ? Default(map.Keys) : "none", Summary(docs, property));
                Section(text, docs, sectionType, Activator.CreateInstance(sectionType)!, key + ".<name>");
            }
            else if (propertyType.IsClass && propertyType != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                Section(text, docs, propertyType, value!, key);
            }
            else
            {
                Row(text, key, TypeName(propertyType), Default(value), Summary(docs, property));
            }
        }
    }

    /// <summary>Public instance properties in declaration order.</summary>
    private static IEnumerable<PropertyInfo> Declared(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken);

    private static void Row(StringBuilder text, string key, string type, string value, string summary) =>
        text.Append(CultureInfo.InvariantCulture, $"| `{key}` | {type} | {value} | {summary.Replace("|", "\\|", StringComparison.Ordinal)} |\n");

    private static bool IsSectionMap(Type type, out Type sectionType)
    {
        var isMap = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) && type.GetGenericArguments()[1] is { IsClass: true } value && value != typeof(string);
        sectionType = isMap ? type.GetGenericArguments()[1] : typeof(void);
        return isMap;
    }

    private static string TypeName(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) ? "string"
            : type == typeof(bool) ? "boolean"
            : type == typeof(int) ? "integer"
            : type == typeof(double) ? "number"
            : type == typeof(Dictionary<string, string>) ? "map of strings"
            : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) ? "list of " + TypeName(type.GetGenericArguments()[0]) + "s"
            : "`" + type.Name + "`";
    }

    private static string Default(object? value) => value switch
    {
        null => "built in (see what it sets)", // a null list stands for its built-in default
        string { Length: 0 } => "empty",
        string s => "`" + s + "`",
        bool b => b ? "`true`" : "`false`",
        IFormattable number => "`" + number.ToString(null, CultureInfo.InvariantCulture) + "`",
        IDictionary { Count: 0 } => "none",
        IEnumerable items => items.Cast<object>().Any() ? "`[" + string.Join(", ", items.Cast<object>().Select(i => Default(i).Trim('`'))) + "]`" : "none",
        _ => "`" + value + "`",
    };

    private static string Summary(Dictionary<string, string> docs, PropertyInfo property) =>
        docs.TryGetValue($"P:{property.DeclaringType!.FullName}.{property.Name}", out var summary) ? summary : "";

    /// <summary>The summaries of an assembly's XML documentation file, by member id, as one line of Markdown each.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Summaries(Assembly assembly)
    {
        var file = Path.ChangeExtension(assembly.Location, ".xml");
        foreach (var member in XDocument.Load(file).Descendants("member"))
        {
            if (member.Element("summary") is { } summary)
            {
                yield return new(member.Attribute("name")!.Value, Markdown(summary));
            }
        }
    }

    private static string Markdown(XElement summary)
    {
        var text = new StringBuilder();
        foreach (var node in summary.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "c" } c => "`" + c.Value + "`",
                XElement { Name.LocalName: "see" } see => "`" + (see.Attribute("cref")?.Value.Split('.', ':')[^1] ?? see.Attribute("langword")?.Value ?? see.Value) + "`",
                XElement other => other.Value,
                _ => "",
            });
        }

        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
