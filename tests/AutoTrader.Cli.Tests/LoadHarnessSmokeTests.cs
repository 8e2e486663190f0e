using System.Diagnostics;
using AutoTrader.Observability.Tests;
using AutoTrader.Observability.Tests.Tracing;
using Xunit.Abstractions;

namespace AutoTrader.Cli.Tests;

/// <summary>
/// Runs the overhead harnesses of bench/load in short smoke runs: run.sh must serve all three modes
/// and report their medians and ratios, and with --together load two servers at once (off and full,
/// or two variants with their own configurations) and report their CPU per request;
/// allocations.sh must report the bytes each allocates per request. No timing
/// is asserted. Without wrk, curl or the Aspire Dashboard they
/// fail when CI=true and otherwise pass after writing how to install them.
/// </summary>
public sealed class LoadHarnessSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_load_harness_smoke_run_serves_all_three_modes_and_prints_their_ratios()
    {
        if (await RunAsync("run.sh", "--smoke") is not { } stdout)
        {
            return;
        }

        foreach (var mode in new[] { "off", "full", "peer" })
        {
            Assert.Matches($@"(?m)^median {mode} +\d+ req/s$", stdout);
            Assert.Matches($@"(?m)^round 1  {mode} +[1-9]\d* req/s +\d+\.\d us CPU/request +[1-9]\d* busy thread-pool workers$", stdout);
        }

        Assert.Matches(@"(?m)^ratio full/off  \d+\.\d\d$", stdout);
        Assert.Matches(@"(?m)^ratio peer/off  \d+\.\d\d$", stdout);
        Assert.Matches(@"(?m)^median of the rounds' own ratios: full/off \d+\.\d\d, peer/off \d+\.\d\d$", stdout);
        Assert.Matches(@"(?m)^access-log lines written by full: [1-9]\d*$", stdout);
        Assert.Matches(@"(?m)^span export of full: [1-9]\d* spans handed to the exporter, \d+ dropped$", stdout);
        Assert.Matches(@"(?m)^span export of peer: [1-9]\d* spans handed to the exporter, \d+ dropped$", stdout);
    }

    [Fact]
    public async Task Without_a_receiver_the_harness_exports_to_a_closed_port_and_every_span_still_reaches_the_exporter()
    {
        if (await RunAsync("run.sh", "--smoke", "--receiver-priority", "none") is not { } stdout)
        {
            return;
        }

        Assert.Matches(@"(?m)^wrk -t2 -c32 -d2s, 1 round\(s\) after 1s of warm-up per mode, receiver: none \(OTLP to a closed port\), \d+ cores$", stdout);
        Assert.Matches(@"(?m)^ratio full/off  \d+\.\d\d$", stdout);
        Assert.Matches(@"(?m)^span export of full: [1-9]\d* spans handed to the exporter, 0 dropped$", stdout);
        Assert.Matches(@"(?m)^span export of peer: [1-9]\d* spans handed to the exporter, 0 dropped$", stdout);
    }

    [Fact]
    public async Task Together_the_harness_loads_off_and_full_at_once_and_prints_their_cpu_per_request()
    {
        if (await RunAsync("run.sh", "--together", "--rounds", "1", "--duration", "1", "--warmup", "1") is not { } stdout)
        {
            return;
        }

        Assert.Matches(@"(?m)^round 1  a +[1-9]\d* requests +\d+\.\d us CPU/request  b +[1-9]\d* requests +\d+\.\d us CPU/request$", stdout);
        Assert.Matches(@"(?m)^a: off; b: full mode$", stdout);
        Assert.Matches(@"(?m)^server CPU per request, medians: a \d+\.\d us, b \d+\.\d us; b minus a, median of the rounds: -?\d+\.\d us \(-?\d+% of a\)$", stdout);
        Assert.Matches(@"(?m)^access-log lines: a 0, b [1-9]\d*$", stdout); // off writes no access line
    }

    [Fact]
    public async Task Together_the_harness_loads_two_variants_and_applies_each_ones_configuration()
    {
        using var quiet = new TempYamlFile("""
            observability:
              logging: { level: WARNING }
              tracing:
                exporters:
                  otlp: { enabled: true, endpoint: "OTLP_GRPC" }
            """);
        if (await RunAsync("run.sh", "--together", "--a-config", "full", "--b-config", quiet.Path, "--b-env", "DOTNET_TieredPGO=0", "--rounds", "1", "--duration", "1", "--warmup", "1") is not { } stdout)
        {
            return;
        }

        Assert.Matches(@"(?m)^round 1  a +[1-9]\d* requests +\d+\.\d us CPU/request  b +[1-9]\d* requests +\d+\.\d us CPU/request$", stdout);
        Assert.Matches(@"(?m)^server CPU per request, medians: a \d+\.\d us, b \d+\.\d us; b minus a, median of the rounds: -?\d+\.\d us \(-?\d+% of a\)$", stdout);
        Assert.Matches(@"(?m)^access-log lines: a [1-9]\d*, b 0$", stdout); // b runs at WARNING: no access line
    }

    [Fact]
    public async Task The_allocation_harness_prints_the_bytes_each_mode_allocates_per_request()
    {
        if (await RunAsync("allocations.sh", "--duration", "1", "--warmup", "1") is not { } stdout)
        {
            return;
        }

        Assert.Matches(@"(?m)^off +[1-9]\d* requests +[1-9]\d* bytes allocated/request$", stdout);
        Assert.Matches(@"(?m)^full +[1-9]\d* requests +[1-9]\d* bytes allocated/request$", stdout);
        Assert.Matches(@"(?m)^full minus off: -?\d+ bytes/request ", stdout);
    }

    /// <summary>Standard output of the script, or null when a tool is missing outside CI.</summary>
    private async Task<string?> RunAsync(string script, params string[] arguments)
    {
        var dashboard = AspireDashboard.ExecutablePath;
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
            Environment = { ["ASPIRE_DASHBOARD"] = dashboard },
        };
        info.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "bench", "load", script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var harness = Process.Start(info)!;
        var stdoutTask = harness.StandardOutput.ReadToEndAsync();
        var stderrTask = harness.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4)))
        {
            try
            {
                await harness.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                harness.Kill(entireProcessTree: true);
                Assert.Fail($"bench/load/{script} did not finish within 4 minutes");
            }
        }

        var (stdout, stderr) = (await stdoutTask, await stderrTask);
        output.WriteLine(stdout);
        output.WriteLine(stderr);
        if (harness.ExitCode == 3 && Environment.GetEnvironmentVariable("CI") != "true")
        {
            output.WriteLine("NOT RUN (a tool is missing; CI=true makes this a failure): " + stderr);
            return null;
        }

        Assert.True(harness.ExitCode == 0, $"{script} exited {harness.ExitCode}: {stderr}");
        return stdout;
    }
}
