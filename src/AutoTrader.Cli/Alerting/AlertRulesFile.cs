using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AutoTrader.Observability.Configuration;

namespace AutoTrader.Cli.Alerting;

/// <summary>
/// The Prometheus rules of the AutoTrader service (<c>deploy/prometheus/rules/autotrader.rules.yml</c>):
/// the template <c>autotrader.rules.template.yml</c> with the <c>alerts:</c> section's values.
/// </summary>
/// <remarks>
/// The template holds what every rule measures and the alerts that have no threshold to tune (a
/// breaker open, telemetry lost, a replica down). A hole <c>${key.field}</c> takes the alert of
/// that configuration key's <c>threshold</c>, <c>threshold_percent</c> (the threshold times 100),
/// <c>for</c> or <c>severity</c>; a <c>for:</c> line whose duration is zero (<c>0s</c>) is left
/// out, as Prometheus would ignore it. Prometheus's own template text, <c>{{ ... }}</c>, passes as is.
/// </remarks>
internal static partial class AlertRulesFile
{
    private static readonly string Template = ReadTemplate();

    /// <summary>The rules file for <paramref name="alerts"/>.</summary>
    /// <exception cref="InvalidOperationException">The template names a key or field that does not exist.</exception>
    public static string Render(AlertsOptions alerts)
    {
        var byKey = alerts.All().ToDictionary(a => a.Key, a => a.Threshold, StringComparer.Ordinal);
        var rules = new StringBuilder(Template.Length);
        foreach (var line in Template.Split('\n').SkipLast(1))
        {
            if (ForLine().Match(line) is { Success: true } forLine && IsZero(Alert(byKey, forLine.Groups["key"].Value).For))
            {
                continue;
            }

            rules.Append(Hole().Replace(line, hole => Value(Alert(byKey, hole.Groups["key"].Value), hole.Groups["field"].Value))).Append('\n');
        }

        return rules.ToString();
    }

    private static AlertThresholdOptions Alert(Dictionary<string, AlertThresholdOptions> byKey, string key) =>
        byKey.TryGetValue(key, out var alert) ? alert : throw new InvalidOperationException($"The alert rules template names alerts.{key}, which the configuration does not have.");

    private static string Value(AlertThresholdOptions alert, string field) => field switch
    {
        "threshold" => alert.Threshold.ToString(CultureInfo.InvariantCulture),

        // Through decimal, so that 0.05 shows as 5 rather than 5.000000000000001.
        "threshold_percent" => ((double)((decimal)alert.Threshold * 100)).ToString(CultureInfo.InvariantCulture),
        "for" => alert.For,
        "severity" => alert.Severity,
        _ => throw new InvalidOperationException($"The alert rules template names the field '{field}'; an alert has threshold, threshold_percent, for and severity."),
    };

    private static bool IsZero(string duration) => duration.TrimEnd('m', 's', 'h', 'd', 'w', 'y').All(digit => digit == '0');

    private static string ReadTemplate()
    {
        using var stream = typeof(AlertRulesFile).Assembly.GetManifestResourceStream("AutoTrader.Cli.Alerting.autotrader.rules.template.yml")
            ?? throw new InvalidOperationException("The alert rules template is not embedded in the program.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }

    [GeneratedRegex(@"\$\{(?<key>[a-z0-9_]+)\.(?<field>[a-z_]+)\}")]
    private static partial Regex Hole();

    [GeneratedRegex(@"^\s*for: \$\{(?<key>[a-z0-9_]+)\.for\}$")]
    private static partial Regex ForLine();
}
