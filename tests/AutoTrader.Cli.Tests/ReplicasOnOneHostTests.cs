using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AutoTrader.Cli.Tests;

/// <summary>
/// Several <c>serve</c> replicas on one host (scripts/local-fleet.sh, the fleet end-to-end test):
/// each has its own ports and its own identity, and they share no file.
/// </summary>
public sealed partial class ReplicasOnOneHostTests : IDisposable
{
    private readonly DirectoryInfo _sharedDirectory = Directory.CreateTempSubdirectory("autotrader-replicas-");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Two_replicas_started_alike_in_one_folder_serve_apart_under_their_own_instance_id_and_leave_no_file()
    {
        using var first = StartReplica(FreePort.Next(), FreePort.Next());
        using var second = StartReplica(FreePort.Next(), FreePort.Next());

        var firstId = await InstanceIdOnTargetInfoAsync(first);
        var secondId = await InstanceIdOnTargetInfoAsync(second);

        Assert.NotEqual(firstId, secondId);
        Assert.True(Guid.TryParse(firstId, out _) && Guid.TryParse(secondId, out _), $"{firstId}, {secondId}: not drawn ids");
        Assert.Equal(firstId, StartedLine(first.Process).GetProperty("service_instance_id").GetString());
        Assert.Equal(secondId, StartedLine(second.Process).GetProperty("service_instance_id").GetString());
        foreach (var replica in new[] { first, second })
        {
            using var health = await _http.GetAsync($"http://127.0.0.1:{replica.ApiPort}/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        first.Process.Dispose();
        second.Process.Dispose();
        Assert.Empty(_sharedDirectory.EnumerateFileSystemInfos("*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_replica_given_a_running_replicas_port_stops_with_one_clear_error_and_the_running_one_keeps_serving()
    {
        using var running = StartReplica(FreePort.Next(), FreePort.Next());

        using var clash = AutotraderProcess.Start(
            ["serve", "--address", "127.0.0.1", "--api-port", FreePort.Next().ToString(), "--metrics-port", running.MetricsPort.ToString()],
            workingDirectory: _sharedDirectory.FullName);

        Assert.True(clash.WaitForExit(TimeSpan.FromSeconds(30)), "the second replica did not stop");
        Assert.Equal(1, clash.ExitCode);
        Assert.Contains("Cannot listen on 127.0.0.1:", clash.Stderr, StringComparison.Ordinal);
        Assert.Contains($":{running.MetricsPort}", clash.Stderr, StringComparison.Ordinal);
        using var health = await _http.GetAsync($"http://127.0.0.1:{running.ApiPort}/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.False(running.Process.HasExited);
    }

    public void Dispose()
    {
        _http.Dispose();
        _sharedDirectory.Delete(recursive: true);
    }

    private Replica StartReplica(int apiPort, int metricsPort)
    {
        var process = AutotraderProcess.Start(
            ["serve", "--address", "127.0.0.1", "--api-port", apiPort.ToString(), "--metrics-port", metricsPort.ToString()],
            workingDirectory: _sharedDirectory.FullName);
        Assert.True(process.WaitForOutput("serve_started", TimeSpan.FromSeconds(30)), "serve did not start: " + process.Stdout + process.Stderr);
        return new Replica(process, apiPort, metricsPort);
    }

    private async Task<string> InstanceIdOnTargetInfoAsync(Replica replica)
    {
        var payload = await _http.GetStringAsync($"http://127.0.0.1:{replica.MetricsPort}/metrics");
        return TargetInfoInstanceId().Match(payload) is { Success: true } match ? match.Groups["id"].Value : throw new InvalidOperationException("no target_info service_instance_id in:\n" + payload[..Math.Min(2000, payload.Length)]);
    }

    private static JsonElement StartedLine(AutotraderProcess process) =>
        process.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).Single(l => l.GetProperty("event").GetString() == "serve_started");

    [GeneratedRegex(@"(?m)^target_info\{[^}]*service_instance_id=""(?<id>[^""]+)""")]
    private static partial Regex TargetInfoInstanceId();

    private sealed record Replica(AutotraderProcess Process, int ApiPort, int MetricsPort) : IDisposable
    {
        public void Dispose() => Process.Dispose();
    }
}
