using System.Text.RegularExpressions;
using AutoTrader.Observability.Tests;

namespace AutoTrader.Cli.Tests.Operations.Fleet;

/// <summary>
/// Test copies of the shipped deploy/fleet configs, rewritten line by line as
/// <see cref="ShippedConfigCopies"/> rewrites the single-Prometheus ones: only the addresses (free
/// ports) and the scrape and evaluation intervals (15 s to 1 s) change. The rules are
/// <see cref="ShippedConfigCopies.Rules"/> (the shipped file with <c>for:</c> shortened) and the
/// Alertmanager config is <see cref="ShippedConfigCopies.Alertmanager"/>. Each rewrite fails when
/// its pattern is gone from the shipped file.
/// </summary>
internal static partial class FleetConfigCopies
{
    public static string ShippedAgent => Read("agent.yml");

    public static string ShippedCentral => Read("central.yml");

    /// <summary>The agent config, scraping every second and remote-writing to <paramref name="centralPort"/>.</summary>
    public static string Agent(int centralPort)
    {
        var text = Replace(ShippedAgent, RemoteWriteUrl(), $"${{key}}127.0.0.1:{centralPort}/api/v1/write");
        return Replace(text, Interval(), "${key} 1s");
    }

    /// <summary>The central config, evaluating every second and alerting the two Alertmanagers on their ports.</summary>
    public static string Central(int alertmanagerPort1, int alertmanagerPort2)
    {
        var text = Replace(ShippedCentral, AlertmanagerTargets(), $"${{key}}127.0.0.1:{alertmanagerPort1}\", \"127.0.0.1:{alertmanagerPort2}\"]");
        return Replace(text, Interval(), "${key} 1s");
    }

    /// <summary>The lines a rewrite may touch; every other line of a copy equals the shipped line.</summary>
    public static bool IsRewritable(string line) => RemoteWriteUrl().IsMatch(line) || AlertmanagerTargets().IsMatch(line) || Interval().IsMatch(line);

    private static string Replace(string text, Regex pattern, string replacement) =>
        pattern.IsMatch(text)
            ? pattern.Replace(text, replacement)
            : throw new InvalidOperationException($"the shipped config no longer matches /{pattern}/: update FleetConfigCopies with it");

    private static string Read(string file) => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "deploy", "fleet", file));

    [GeneratedRegex(@"(?m)(?<key>^\s+- url: http://)127\.0\.0\.1:9091/api/v1/write$")]
    private static partial Regex RemoteWriteUrl();

    [GeneratedRegex("""(?m)(?<key>^\s+- targets: \[")127\.0\.0\.1:9093", "127\.0\.0\.1:9094"\]$""")]
    private static partial Regex AlertmanagerTargets();

    [GeneratedRegex(@"(?m)(?<key>^\s+(?:scrape|evaluation)_interval:) 15s$")]
    private static partial Regex Interval();
}
