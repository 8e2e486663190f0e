using System.Collections;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace AutoTrader.Observability.Configuration;

/// <summary>
/// Binds flattened keys onto the options classes by their <see cref="ConfigurationKeyNameAttribute"/>.
/// </summary>
/// <remarks>
/// Written here rather than using <c>ConfigurationBinder</c> because start-up must refuse what the
/// binder accepts silently or reports without context: unknown keys (a typo would otherwise be
/// ignored), values of the wrong type (reported with the value, its file line or environment
/// variable, and the expected type), and an empty list (which the binder cannot tell from no list).
/// </remarks>
internal static class OptionsBinder
{
    public static void Bind(object root, string rootKey, IReadOnlyDictionary<string, ConfigurationEntry> entries, List<string> problems)
    {
        foreach (var (key, entry) in entries.OrderBy(e => e.Key, KeyOrder.Instance))
        {
            var segments = key.Split(':');
            if (!segments[0].Equals(rootKey, StringComparison.OrdinalIgnoreCase) || segments.Length == 1)
            {
                continue;
            }

            BindOne(root, segments, entry, problems);
        }
    }

    private static void BindOne(object root, string[] segments, ConfigurationEntry entry, List<string> problems)
    {
        var target = root;
        for (var i = 1; i < segments.Length; i++)
        {
            var path = string.Join('.', segments, 0, i + 1);
            var property = FindProperty(target.GetType(), segments[i]);
            if (property is null)
            {
                problems.Add($"{path} ({entry.Origin}): unknown key; the keys of {string.Join('.', segments, 0, i)} are " +
                             string.Join(", ", KeyNames(target.GetType())));
                return;
            }

            var type = property.PropertyType;
            var last = i == segments.Length - 1;
            if (IsSectionMap(type, out var sectionType))
            {
                var map = (IDictionary?)property.GetValue(target);
                if (map is null)
                {
                    map = (IDictionary)Activator.CreateInstance(type)!;
                    property.SetValue(target, map);
                }

                if (last || i + 1 == segments.Length - 1)
                {
                    if (entry.Value is not null || entry.IsEmptyList)
                    {
                        problems.Add($"{path} = '{entry.Value}' ({entry.Origin}): expected a mapping of names to sections with the keys " +
                                     string.Join(", ", KeyNames(sectionType)));
                    }
                    else if (!last && !map.Contains(segments[i + 1]))
                    {
                        // An empty section (`name: {}`) is an entry with every default.
                        map[segments[i + 1]] = Activator.CreateInstance(sectionType);
                    }

                    return;
                }

                var name = segments[++i];
                if (!map.Contains(name))
                {
                    map[name] = Activator.CreateInstance(sectionType);
                }

                target = map[name]!;
                continue;
            }

            if (type == typeof(Dictionary<string, string>))
            {
                BindStringMapEntry(target, property, segments, i, entry, problems);
                return;
            }

            if (IsList(type, out var itemType))
            {
                var list = (IList?)property.GetValue(target);
                if (last)
                {
                    if (entry.IsEmptyList)
                    {
                        property.SetValue(target, Activator.CreateInstance(type));
                    }
                    else if (entry.Value is not null)
                    {
                        problems.Add($"{path} = '{entry.Value}' ({entry.Origin}): expected a list, such as [a, b]");
                    }

                    return;
                }

                if (list is null)
                {
                    list = (IList)Activator.CreateInstance(type)!;
                    property.SetValue(target, list);
                }

                if (i + 1 != segments.Length - 1 || !int.TryParse(segments[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    problems.Add($"{path} ({entry.Origin}): expected a list of {Describe(itemType)}");
                    return;
                }

                if (TryConvert(entry.Value, itemType, out var item))
                {
                    while (list.Count <= index)
                    {
                        list.Add(itemType.IsValueType ? Activator.CreateInstance(itemType) : null);
                    }

                    list[index] = item;
                }
                else
                {
                    problems.Add($"{path}[{index}] = '{entry.Value}' ({entry.Origin}): expected {Describe(itemType)}");
                }

                return;
            }

            if (IsSection(type))
            {
                if (last)
                {
                    if (entry.Value is not null || entry.IsEmptyList)
                    {
                        problems.Add($"{path} = '{entry.Value}' ({entry.Origin}): expected a section with the keys " +
                                     string.Join(", ", KeyNames(type)));
                    }

                    return;
                }

                target = property.GetValue(target)!;
                continue;
            }

            if (!last)
            {
                problems.Add($"{path} ({entry.Origin}): is a value of type {Describe(type)}, not a section");
                return;
            }

            if (entry.Value is null && !entry.IsEmptyList)
            {
                return; // an empty value keeps the default
            }

            if (TryConvert(entry.Value, type, out var value))
            {
                property.SetValue(target, value);
            }
            else
            {
                problems.Add($"{path} = '{entry.Value}' ({entry.Origin}): expected {Describe(type)}");
            }
        }
    }

    /// <summary>
    /// Binds <c>map: { name: value }</c>. Such maps hold credentials (user to password hash), so
    /// the errors here name the key but never echo a value.
    /// </summary>
    private static void BindStringMapEntry(object target, PropertyInfo property, string[] segments, int i, ConfigurationEntry entry, List<string> problems)
    {
        var path = string.Join('.', segments, 0, i + 1);
        var map = (Dictionary<string, string>?)property.GetValue(target);
        if (map is null)
        {
            map = new Dictionary<string, string>(StringComparer.Ordinal);
            property.SetValue(target, map);
        }

        if (i == segments.Length - 1)
        {
            if (entry.Value is not null || entry.IsEmptyList)
            {
                problems.Add($"{path} ({entry.Origin}): expected a mapping of names to strings, such as {{ name: value }}");
            }

            return;
        }

        if (i + 1 != segments.Length - 1)
        {
            problems.Add($"{path}.{segments[i + 1]} ({entry.Origin}): expected a string, not a section or a list");
            return;
        }

        map[segments[i + 1]] = entry.Value ?? "";
    }

    private static PropertyInfo? FindProperty(Type type, string key) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => p.CanWrite && KeyName(p).Equals(key, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> KeyNames(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(KeyName);

    private static string KeyName(PropertyInfo property) =>
        property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;

    private static bool IsSection(Type type) => type.IsClass && type != typeof(string);

    private static bool IsSectionMap(Type type, out Type sectionType)
    {
        var isMap = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>)
            && type.GetGenericArguments()[0] == typeof(string) && IsSection(type.GetGenericArguments()[1]);
        sectionType = isMap ? type.GetGenericArguments()[1] : typeof(void);
        return isMap;
    }

    private static bool IsList(Type type, out Type itemType)
    {
        var isList = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>);
        itemType = isList ? type.GetGenericArguments()[0] : typeof(void);
        return isList;
    }

    private static bool TryConvert(string? text, Type type, out object? value)
    {
        value = null;
        if (type == typeof(string))
        {
            value = text ?? "";
            return true;
        }

        if (text is null)
        {
            return false;
        }

        if (type == typeof(int) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
        {
            value = i;
            return true;
        }

        if (type == typeof(double) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            value = d;
            return true;
        }

        if (type == typeof(bool) && bool.TryParse(text, out var b))
        {
            value = b;
            return true;
        }

        return false;
    }

    private static string Describe(Type type) =>
        type == typeof(int) ? "an integer"
        : type == typeof(double) ? "a number"
        : type == typeof(bool) ? "true or false"
        : type == typeof(string) ? "a string"
        : type.Name;

    /// <summary>Orders list items numerically so that item 10 follows item 9.</summary>
    private sealed class KeyOrder : IComparer<string>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = x!.Split(':');
            var b = y!.Split(':');
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var c = int.TryParse(a[i], CultureInfo.InvariantCulture, out var ia) && int.TryParse(b[i], CultureInfo.InvariantCulture, out var ib)
                    ? ia.CompareTo(ib)
                    : string.Compare(a[i], b[i], StringComparison.OrdinalIgnoreCase);
                if (c != 0)
                {
                    return c;
                }
            }

            return a.Length.CompareTo(b.Length);
        }
    }
}
