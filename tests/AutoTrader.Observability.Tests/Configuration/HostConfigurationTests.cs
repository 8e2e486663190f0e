using System.Text.RegularExpressions;
using AutoTrader.Observability.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AutoTrader.Observability.Tests.Configuration;

/// <summary><c>builder.AddAutoTraderObservability()</c> reads the host's configuration as strictly as the YAML file.</summary>
public sealed partial class HostConfigurationTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private readonly DirectoryInfo _contentRoot = Directory.CreateTempSubdirectory("autotrader-host-config-");

    [Fact]
    public void The_observability_section_of_appsettings_json_configures_a_host_builder_of_any_kind()
    {
        WriteAppSettings("""{ "observability": { "service_name": "orders", "metrics": { "path": "/scrape" }, "tracing": { "sampling": { "probability": 0.25 } } } }""");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _contentRoot.FullName, Args = [] });

        builder.AddAutoTraderObservability();

        using var host = builder.Build();
        var options = host.Services.GetRequiredService<ObservabilityOptions>();
        Assert.Equal("orders", options.ServiceName);
        Assert.Equal("/scrape", options.Metrics.Path);
        Assert.Equal(0.25, options.Tracing.Sampling.Probability);
    }

    [Fact]
    public void An_invalid_value_in_appsettings_json_names_the_key_the_value_and_the_file()
    {
        WriteAppSettings("""{ "observability": { "logging": { "level": "LOUD" } } }""");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _contentRoot.FullName, Args = [] });

        var e = Assert.Throws<ObservabilityConfigurationException>(() => builder.AddAutoTraderObservability());

        Assert.Contains("observability.logging.level = 'LOUD' (JsonConfigurationProvider for 'appsettings.json'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("logging:level", "VERBOSE")]
    [InlineData("logging:levle", "INFO")]
    [InlineData("metrics:port", "70000")]
    [InlineData("metrics:enabled", "maybe")]
    [InlineData("metrics:histograms:api_latency_buckets:0", "fast")]
    [InlineData("tracing:sampling:strategy", "sometimes")]
    public void A_bad_value_is_reported_in_the_words_the_yaml_file_gets(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["observability:" + key] = value }).Build();
        var fromHost = Assert.Throws<ObservabilityConfigurationException>(() => ObservabilityConfiguration.LoadFromHostConfiguration(configuration, NoEnvironment));
        var fromYaml = Assert.Throws<ObservabilityConfigurationException>(() => ObservabilityConfiguration.LoadYaml(Yaml(key, value), NoEnvironment));

        Assert.Equal(
            fromYaml.Problems.Select(p => Origin().Replace(p, "(origin)")),
            fromHost.Problems.Select(p => p.Replace("(MemoryConfigurationProvider)", "(origin)", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_guides_environment_variables_override_the_host_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["observability:logging:level"] = "DEBUG" }).Build();

        var loaded = ObservabilityConfiguration.LoadFromHostConfiguration(configuration, new Dictionary<string, string> { ["LOG_LEVEL"] = "ERROR" });

        Assert.Equal("ERROR", loaded.Options.Logging.Level);
        Assert.Equal("environment variable LOG_LEVEL", loaded.Origins.Of("observability:logging:level"));
    }

    [Fact]
    public void A_yaml_file_named_to_the_builder_is_read_and_a_missing_one_is_refused()
    {
        var file = Path.Combine(_contentRoot.FullName, "observability.yaml");
        File.WriteAllText(file, "observability:\n  service_name: billing\n");

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _contentRoot.FullName, Args = [] });
        builder.AddAutoTraderObservability(file);
        using (var host = builder.Build())
        {
            Assert.Equal("billing", host.Services.GetRequiredService<ObservabilityOptions>().ServiceName);
        }

        var missing = Path.Combine(_contentRoot.FullName, "missing.yaml");
        var e = Assert.Throws<ObservabilityConfigurationException>(() => Host.CreateApplicationBuilder().AddAutoTraderObservability(missing));
        Assert.Contains($"configuration file '{missing}' does not exist", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _contentRoot.Delete(recursive: true);

    /// <summary>The YAML document that sets <paramref name="key"/> (colons; a trailing number is a list item).</summary>
    private static string Yaml(string key, string value)
    {
        var segments = key.Split(':');
        var yaml = "observability:\n";
        var indent = "  ";
        for (var i = 0; i < segments.Length; i++)
        {
            if (i == segments.Length - 2 && int.TryParse(segments[^1], out var index))
            {
                var items = Enumerable.Range(0, index + 1).Select(n => n == index ? value : "0.01");
                return yaml + $"{indent}{segments[i]}: [{string.Join(", ", items)}]\n";
            }

            yaml += i == segments.Length - 1 ? $"{indent}{segments[i]}: {value}\n" : $"{indent}{segments[i]}:\n";
            indent += "  ";
        }

        return yaml;
    }

    private void WriteAppSettings(string json) => File.WriteAllText(Path.Combine(_contentRoot.FullName, "appsettings.json"), json);

    [GeneratedRegex(@"\(<yaml>:\d+\)")]
    private static partial Regex Origin();
}
