using Microsoft.Extensions.Configuration;

namespace AutoTrader.Observability.Configuration;

/// <summary>
/// Flattens one section of a host's <see cref="IConfiguration"/> into configuration entries, each
/// with the provider that set it (such as <c>JsonConfigurationProvider for 'appsettings.json'</c>)
/// as its origin, so that errors point at it as they point at a line of the YAML file.
/// </summary>
internal static class HostConfigurationEntries
{
    public static Dictionary<string, ConfigurationEntry> Of(IConfiguration configuration, string section)
    {
        var providers = (configuration as IConfigurationRoot)?.Providers.Reverse().ToList() ?? [];
        var entries = new Dictionary<string, ConfigurationEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in configuration.GetSection(section).AsEnumerable())
        {
            // A section's own key has no value; an empty value keeps the default, as in the file.
            if (value is not null)
            {
                entries[key] = new ConfigurationEntry(value, OriginOf(key, providers));
            }
        }

        return entries;
    }

    /// <summary>The last provider that sets <paramref name="key"/>: the one whose value is in effect.</summary>
    private static string OriginOf(string key, List<IConfigurationProvider> providers) =>
        providers.FirstOrDefault(p => p.TryGet(key, out _)) is { } provider
            ? provider.ToString() ?? "host configuration"
            : "host configuration";
}
