using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AutoTrader.Observability.Configuration;

/// <summary>
/// Flattens a YAML document into configuration keys (<c>observability:logging:level</c>, list items
/// as <c>...:0</c>, <c>...:1</c>), expanding <c>${NAME:default}</c> in every scalar and keeping the
/// line of each value so that errors can point at it.
/// </summary>
internal static class YamlConfigurationFile
{
    public static Dictionary<string, ConfigurationEntry> Parse(TextReader reader, string fileName, IReadOnlyDictionary<string, string> environment)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            var detail = e.InnerException is YamlException inner ? inner.Message : e.Message;
            throw new ObservabilityConfigurationException(
                $"{fileName}:{e.Start.Line}:{e.Start.Column}: malformed YAML: {detail}", e);
        }

        var entries = new Dictionary<string, ConfigurationEntry>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        if (stream.Documents.Count > 0)
        {
            var root = stream.Documents[0].RootNode;
            if (root is YamlMappingNode)
            {
                Visit(root, null);
            }
            else if (root is not YamlScalarNode { Value: null or "" })
            {
                problems.Add($"{fileName}:{root.Start.Line}: the document must be a mapping with an 'observability' key");
            }
        }

        if (problems.Count > 0)
        {
            throw new ObservabilityConfigurationException(problems);
        }

        return entries;

        void Visit(YamlNode node, string? path)
        {
            var origin = $"{fileName}:{node.Start.Line}";
            switch (node)
            {
                case YamlMappingNode mapping:
                    if (mapping.Children.Count == 0 && path is not null)
                    {
                        entries[path] = new ConfigurationEntry(null, origin);
                    }

                    foreach (var (key, child) in mapping.Children)
                    {
                        var name = (key as YamlScalarNode)?.Value ?? "";
                        Visit(child, path is null ? name : path + ":" + name);
                    }

                    break;
                case YamlSequenceNode sequence:
                    if (sequence.Children.Count == 0)
                    {
                        entries[path!] = new ConfigurationEntry(null, origin, IsEmptyList: true);
                    }

                    for (var i = 0; i < sequence.Children.Count; i++)
                    {
                        Visit(sequence.Children[i], path + ":" + i);
                    }

                    break;
                case YamlScalarNode scalar:
                    entries[path!] = new ConfigurationEntry(Expand(scalar, path!, origin), origin);
                    break;
            }
        }

        string? Expand(YamlScalarNode scalar, string path, string origin)
        {
            var raw = scalar.Value;
            if (raw is null || (scalar.Style == ScalarStyle.Plain && raw is "~" or "null" or ""))
            {
                return null;
            }

            if (!EnvironmentPlaceholders.TryExpand(raw, environment, out var expanded, out var missing))
            {
                problems.Add($"{ConfigurationKeys.Display(path)} = '{raw}' ({origin}): environment variable {missing} " +
                             $"is not set and the placeholder has no default; write ${{{missing}:default}}");
            }

            return expanded;
        }
    }
}
