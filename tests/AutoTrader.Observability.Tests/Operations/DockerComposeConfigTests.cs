using System.Text.RegularExpressions;
using AutoTrader.Observability.AspNetCore.Tests;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace AutoTrader.Observability.Tests.Operations;

/// <summary>
/// Runs the real docker-compose (Debian package docker-compose, 1.29) on the shipped compose file.
/// <c>config</c> validates and resolves the file without a Docker engine, so it runs offline.
/// </summary>
public sealed partial class DockerComposeConfigTests(ITestOutputHelper output)
{
    private static readonly string ComposePath = Path.Combine(RepositoryRoot.Path, "deploy", "docker-compose.yml");

    [Fact]
    public void Docker_compose_accepts_the_compose_file()
    {
        var compose = ExternalTool.Find("docker-compose", output);
        if (compose is null)
        {
            return;
        }

        var (exitCode, stdout, stderr) = ExternalTool.Run(compose, ["-f", ComposePath, "config", "-q"]);

        Assert.True(exitCode == 0, $"docker-compose config exit {exitCode}:\n{stdout}{stderr}");
    }

    [Fact]
    public void Every_mounted_file_exists_and_no_host_port_is_published_twice()
    {
        if (Resolved() is not { } services)
        {
            return;
        }

        var mounts = services.SelectMany(s => Sequence(s.Value, "volumes")).Select(v => ((YamlScalarNode)v).Value!.Split(':')[0]).ToList();
        Assert.Contains(Path.Combine(RepositoryRoot.Path, "deploy", "prometheus", "rules"), mounts);
        Assert.All(mounts, source => Assert.True(File.Exists(source) || Directory.Exists(source), $"mounted path {source} does not exist"));

        var hostPorts = services.SelectMany(s => Sequence(s.Value, "ports").Select(p => (Service: s.Key, Host: PublishedPort(p)))).ToList();
        Assert.Equal(hostPorts.Count, hostPorts.Select(p => p.Host).Distinct().Count());
        Assert.Contains(("autotrader", "9090"), hostPorts); // the metrics port; Prometheus's own 9090 must move
        Assert.DoesNotContain(("prometheus", "9090"), hostPorts);
    }

    [Fact]
    public void Prometheus_keeps_exemplars_in_compose_and_in_the_local_stack()
    {
        const string Flag = "--enable-feature=exemplar-storage";
        var script = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "scripts", "local-stack.sh"));
        var start = script.IndexOf("\nprometheus ", StringComparison.Ordinal);
        Assert.True(start >= 0, "local-stack.sh no longer starts prometheus");
        var command = ContinuedLine().Match(script[(start + 1)..]).Value;
        Assert.Contains(Flag, command, StringComparison.Ordinal);

        if (Resolved() is not { } services)
        {
            return;
        }

        Assert.Contains(Flag, Sequence(services["prometheus"], "command").Select(c => ((YamlScalarNode)c).Value));
    }

    /// <summary>The services of the file as docker-compose resolves them: absolute mount paths, ports as <c>{published, target}</c>.</summary>
    private Dictionary<string, YamlMappingNode>? Resolved()
    {
        var compose = ExternalTool.Find("docker-compose", output);
        if (compose is null)
        {
            return null;
        }

        var (exitCode, stdout, stderr) = ExternalTool.Run(compose, ["-f", ComposePath, "config"]);
        Assert.True(exitCode == 0, $"docker-compose config exit {exitCode}:\n{stderr}");
        var yaml = new YamlStream();
        yaml.Load(new StringReader(stdout));
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
        return services.Children.ToDictionary(s => ((YamlScalarNode)s.Key).Value!, s => (YamlMappingNode)s.Value);
    }

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode service, string key) =>
        service.Children.TryGetValue(key, out var node) ? ((YamlSequenceNode)node).Children : [];

    private static string PublishedPort(YamlNode port) => port is YamlMappingNode mapping
        ? ((YamlScalarNode)mapping["published"]).Value!
        : ((YamlScalarNode)port).Value!.Split(':')[0];

    /// <summary>A shell command with its backslash-continued lines.</summary>
    [GeneratedRegex(@"^(?:[^\n]*\\\n)*[^\n]*")]
    private static partial Regex ContinuedLine();
}
