using System.Text.Json;

namespace AutoTrader.Cli.Tests;

public sealed class ScanCommandTests
{
    [Fact]
    public void Json_results_go_to_stdout_and_json_logs_to_stderr()
    {
        using var p = AutotraderProcess.Run(["scan", "BTC", "moon", "ZZZ", "--json"]);

        Assert.Equal(1, p.ExitCode); // ZZZ fails
        var results = JsonDocument.Parse(p.Stdout).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("symbol").GetString()!);
        Assert.Equal("success", results["BTC"].GetProperty("status").GetString());
        Assert.InRange(results["BTC"].GetProperty("gem_score").GetDouble(), 0, 100);
        Assert.InRange(results["MOON"].GetProperty("confidence").GetDouble(), 0, 1);
        Assert.Contains(results["MOON"].GetProperty("flags").EnumerateArray(), f => f.GetProperty("name").GetString() == "low_liquidity");
        Assert.Equal("not_found", results["ZZZ"].GetProperty("error_type").GetString());

        var events = p.StderrLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(events, e => e.GetProperty("event").GetString() == "scan_completed" && e.GetProperty("token_symbol").GetString() == "BTC");
        Assert.Contains(events, e => e.GetProperty("event").GetString() == "scan_failed" && e.GetProperty("token_symbol").GetString() == "ZZZ");
    }

    [Fact]
    public void The_table_has_a_row_per_symbol_and_exit_code_0_when_all_succeed()
    {
        using var p = AutotraderProcess.Run(["scan", "ETH", "SOL"]);

        Assert.Equal(0, p.ExitCode);
        var lines = p.StdoutLines;
        Assert.StartsWith("SYMBOL", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("ETH ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("SOL ", lines[2], StringComparison.Ordinal);
        Assert.Equal(5, lines.Count); // header, two rows, two narratives
        Assert.StartsWith("ETH: ETH looks", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Injected_faults_from_the_scanner_configuration_fail_scans_with_their_error_type()
    {
        using var file = new TempYamlFile("scanner:\n  coingecko: { fault_error_rate: 1.0 }\n  binance: { fault_error_rate: 1.0 }\n");
        using var p = AutotraderProcess.Run(["scan", "BTC", "--json", "--scanner-config", file.Path]);

        Assert.Equal(1, p.ExitCode);
        Assert.Equal("injected_fault", JsonDocument.Parse(p.Stdout).RootElement[0].GetProperty("error_type").GetString());
    }

    [Fact]
    public void An_invalid_scanner_configuration_names_the_key()
    {
        using var file = new TempYamlFile("scanner:\n  mode: online\n");
        using var p = AutotraderProcess.Run(["scan", "BTC", "--scanner-config", file.Path]);

        Assert.Equal(2, p.ExitCode);
        Assert.Contains($"scanner.mode = 'online' ({file.Path}:2): allowed values are offline, live", p.Stderr, StringComparison.Ordinal);
    }
}
