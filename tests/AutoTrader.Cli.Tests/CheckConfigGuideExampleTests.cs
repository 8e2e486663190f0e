using System.Text.Json;
using System.Text.Json.Nodes;
using AutoTrader.Observability.Tests;

namespace AutoTrader.Cli.Tests;

/// <summary>
/// The guide's check-config example (Environment Variables) is what check-config prints: the same
/// exporters, enabled or not, and the same origins, down to the file's line numbers.
/// </summary>
public sealed class CheckConfigGuideExampleTests
{
    [Fact]
    public void The_exporter_lines_of_the_guide_are_what_check_config_prints_for_its_command()
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "observability-guide.md")).ReplaceLineEndings("\n");
        var command = guide.IndexOf("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 OTEL_METRICS_EXPORTER=prometheus autotrader check-config", StringComparison.Ordinal);
        Assert.True(command >= 0, "the guide no longer shows the check-config example");
        var block = guide.IndexOf("```text\n", command, StringComparison.Ordinal) + "```text\n".Length;
        var documented = guide[block..guide.IndexOf("```", block, StringComparison.Ordinal)].Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // The example runs from the repository root, with the shipped configuration file.
        using var p = AutotraderProcess.Start(
            ["check-config"],
            new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4318", ["OTEL_METRICS_EXPORTER"] = "prometheus" },
            RepositoryRoot.Path);
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(60)), "check-config did not exit");
        Assert.Equal(0, p.ExitCode);

        // The guide's jq filter: {signal, exporter, enabled, enabled_from, endpoint, protocol} without nulls.
        string[] keys = ["signal", "exporter", "enabled", "enabled_from", "endpoint", "protocol"];
        var printed = p.StdoutLines.Select(l => JsonNode.Parse(l)!.AsObject())
            .Where(l => (string?)l["event"] == "exporter_configured")
            .Select(l => new JsonObject(keys.Where(k => l[k] is not null).Select(k => KeyValuePair.Create(k, (JsonNode?)l[k]!.DeepClone()))).ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            .ToList();
        Assert.Equal(documented, printed);
    }
}
