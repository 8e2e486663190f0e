using System.Text.RegularExpressions;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tests;
using AutoTrader.Observability.Tests.Configuration;
using Xunit.Abstractions;

namespace AutoTrader.Observability.AspNetCore.Tests;

/// <summary>
/// The "Protecting /metrics" section of docs/operations.md works as written: its hash command,
/// its AutoTrader configuration and its Prometheus scrape configuration, with the paths pointed at
/// test files, bring a real Prometheus to <c>up == 1</c>.
/// </summary>
public sealed partial class ProtectingMetricsDocsTests(ITestOutputHelper output) : IDisposable
{
    private const string Password = "correct-horse-battery";

    private readonly TestCertificateFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(0, 1)] // TLS and basic authentication
    [InlineData(2, 3)] // TLS and a bearer token
    public async Task The_documented_configurations_let_the_documented_scrape_job_in(int autotraderBlock, int prometheusBlock)
    {
        var htpasswd = ExternalTool.Find("htpasswd", output);
        if (htpasswd is null)
        {
            return;
        }

        var section = Section();
        var yaml = YamlBlock().Matches(section).Select(m => m.Groups["body"].Value).ToList();
        var hashCommand = Assert.Single(section.Split('\n'), line => line.StartsWith("htpasswd -nbBC", StringComparison.Ordinal));
        var (exitCode, hash, stderr) = ExternalTool.Run("/bin/bash", ["-c", hashCommand.Replace("PASSWORD", Password, StringComparison.Ordinal)]);
        Assert.True(exitCode == 0, stderr);
        var files = new Dictionary<string, string>
        {
            ["/etc/autotrader/metrics.crt"] = _files.CertFile,
            ["/etc/autotrader/metrics.key"] = _files.KeyFile,
            ["/etc/prometheus/autotrader-ca.crt"] = _files.CertFile,
            ["/etc/prometheus/autotrader-metrics.password"] = _files.WriteFile("password", Password + "\n"),
            ["/etc/autotrader/metrics.token"] = _files.WriteFile("token", Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n"),
            ["$2y$10$..."] = hash,
        };

        var options = ObservabilityConfiguration.LoadYaml(Substitute(yaml[autotraderBlock], files), new Dictionary<string, string>());
        await using var host = await TestMetricsHost.StartAsync(options);
        host.Metrics.RecordScanRequest("BTC", "success");
        var scrapeConfig = Substitute(yaml[prometheusBlock], files).Replace("127.0.0.1:9090", host.BaseAddress.Authority, StringComparison.Ordinal);
        Assert.StartsWith("scrape_configs:\n", scrapeConfig, StringComparison.Ordinal);
        await using var prometheus = await RealPrometheus.StartAsync(output, scrapeConfig["scrape_configs:\n".Length..]);
        if (prometheus is null)
        {
            return;
        }

        await prometheus.QueryUntilPresentAsync("up{job=\"autotrader\"} == 1");
        var scans = await prometheus.QueryUntilPresentAsync("scan_requests_total{job=\"autotrader\",token_symbol=\"BTC\"}");
        Assert.Equal(1, scans.Value);
    }

    private static string Section()
    {
        var operations = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "operations.md"));
        var start = operations.IndexOf("\n## Protecting /metrics\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/operations.md has no Protecting /metrics section");
        var end = operations.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        return end < 0 ? operations[start..] : operations[start..end];
    }

    private static string Substitute(string text, Dictionary<string, string> replacements)
    {
        foreach (var (from, to) in replacements)
        {
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }

    [GeneratedRegex("```yaml\\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
