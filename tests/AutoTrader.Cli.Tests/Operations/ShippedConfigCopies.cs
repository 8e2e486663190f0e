using System.Text.RegularExpressions;
using AutoTrader.Observability.Tests;

namespace AutoTrader.Cli.Tests.Operations;

/// <summary>
/// Test copies of the shipped deploy/ configs. Only what a test on free ports in a few seconds must
/// change is rewritten, line by line: addresses (the free ports), the scrape and evaluation
/// intervals (15 s to 1 s), the <c>for:</c> durations (to 10 s) and Alertmanager's grouping waits.
/// Expressions, labels, annotations, routes, receivers and inhibit rules stay byte for byte the
/// shipped ones, so what the end-to-end test proves holds for the files users deploy. Each rewrite
/// fails when its pattern is gone from the shipped file, rather than silently testing something else.
/// </summary>
internal static partial class ShippedConfigCopies
{
    /// <summary>Long enough to see an alert pending for several 1 s evaluations, short enough for a test.</summary>
    public const string TestForDuration = "10s";

    public static string ShippedPrometheus => Read("deploy", "prometheus", "prometheus.yml");

    public static string ShippedRules => Read("deploy", "prometheus", "rules", "autotrader.rules.yml");

    public static string ShippedAlertmanager => Read("deploy", "alertmanager", "alertmanager.yml");

    /// <summary>The scrape config, scraping <paramref name="metricsPort"/> every second and alerting <paramref name="alertmanagerPort"/>.</summary>
    public static string Prometheus(int metricsPort, int alertmanagerPort)
    {
        var text = Replace(ShippedPrometheus, ServiceTarget(), $"${{key}}127.0.0.1:{metricsPort}\"]");
        text = Replace(text, AlertmanagerTarget(), $"${{key}}127.0.0.1:{alertmanagerPort}\"]");
        return Replace(text, Interval(), "${key} 1s");
    }

    /// <summary>The rules with every <c>for:</c> shortened to <see cref="TestForDuration"/>.</summary>
    public static string Rules() => Replace(ShippedRules, For(), "${key} " + TestForDuration);

    /// <summary>The Alertmanager config sending every webhook to <paramref name="webhookPort"/> (paths kept) after 1 s grouping waits.</summary>
    public static string Alertmanager(int webhookPort)
    {
        var text = Replace(ShippedAlertmanager, WebhookUrl(), $"${{key}}127.0.0.1:{webhookPort}/");
        return Replace(text, GroupWait(), "${key} 1s");
    }

    /// <summary>The lines a rewrite may touch; every other line of a copy equals the shipped line.</summary>
    public static bool IsRewritable(string line) =>
        ServiceTarget().IsMatch(line) || AlertmanagerTarget().IsMatch(line) || Interval().IsMatch(line)
        || For().IsMatch(line) || WebhookUrl().IsMatch(line) || GroupWait().IsMatch(line);

    private static string Replace(string text, Regex pattern, string replacement) =>
        pattern.IsMatch(text)
            ? pattern.Replace(text, replacement)
            : throw new InvalidOperationException($"the shipped config no longer matches /{pattern}/: update ShippedConfigCopies with it");

    private static string Read(params string[] path) => File.ReadAllText(Path.Combine([RepositoryRoot.Path, .. path]));

    [GeneratedRegex("""(?m)(?<key>^\s+- targets: \[")127\.0\.0\.1:9090"\]""")]
    private static partial Regex ServiceTarget();

    [GeneratedRegex("""(?m)(?<key>^\s+- targets: \[")127\.0\.0\.1:9093"\]""")]
    private static partial Regex AlertmanagerTarget();

    [GeneratedRegex(@"(?m)(?<key>^\s+(?:scrape|evaluation)_interval:) 15s$")]
    private static partial Regex Interval();

    [GeneratedRegex(@"(?m)(?<key>^\s+for:) \S+$")]
    private static partial Regex For();

    [GeneratedRegex(@"(?m)(?<key>^\s+- url: http://)127\.0\.0\.1:5001/")]
    private static partial Regex WebhookUrl();

    [GeneratedRegex(@"(?m)(?<key>^\s+group_(?:wait|interval):) \S+$")]
    private static partial Regex GroupWait();
}
