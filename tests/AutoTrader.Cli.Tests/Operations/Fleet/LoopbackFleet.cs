using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace AutoTrader.Cli.Tests.Operations.Fleet;

/// <summary>
/// The fleet of docs/scaling.md on loopback: three <c>autotrader serve</c> replicas (replica-1 and
/// replica-2 at site-a, replica-3 at site-b), one Prometheus agent per site scraping its replicas
/// through a targets file and remote-writing to a central Prometheus, which evaluates the shipped
/// rules and alerts two Alertmanagers clustered with <c>--cluster.peer</c>, which notify one webhook.
/// Test copies of the shipped configs (<see cref="FleetConfigCopies"/>), free ports, one folder
/// under /tmp/fleet; Dispose stops every process, also when start-up failed half way.
/// </summary>
internal sealed class LoopbackFleet : IAsyncDisposable
{
    /// <summary>Background scans every second, so that rates are there within seconds.</summary>
    private const string ScannerConfig = "scanner:\n  scan_interval_seconds: 1\n";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _prometheus;
    private readonly string _alertmanager;
    private readonly string _work;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Dictionary<string, AutotraderProcess> _replicaProcesses = [];
    private readonly Dictionary<string, ToolProcess> _agents = [];
    private readonly Dictionary<string, int> _agentPorts = [];
    private readonly List<ToolProcess> _alertmanagers = [];
    private ToolProcess? _central;

    private LoopbackFleet(string prometheus, string alertmanager)
    {
        _prometheus = prometheus;
        _alertmanager = alertmanager;
        _work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "fleet", "e2e-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        Replicas = [.. new[] { "site-a", "site-a", "site-b" }.Select((site, i) => new Replica($"replica-{i + 1}", site, FreePort.Next(), FreePort.Next()))];
        foreach (var site in Replicas.Select(r => r.Site).Distinct())
        {
            _agentPorts[site] = FreePort.Next();
        }

        CentralPort = FreePort.Next();
        Central = new PrometheusHttpApi(_http, CentralPort);
        AlertmanagerPorts = [FreePort.Next(), FreePort.Next()];
        Webhook = new AlertWebhook(FreePort.Next(), () => Clock.Elapsed);
    }

    /// <summary>One <c>serve</c> process: its name (<c>service_instance_id</c> and the targets file's <c>replica</c>), its site and ports.</summary>
    internal sealed record Replica(string Name, string Site, int ApiPort, int MetricsPort);

    public IReadOnlyList<Replica> Replicas { get; }

    public IEnumerable<string> Sites => _agentPorts.Keys;

    public int CentralPort { get; }

    public PrometheusHttpApi Central { get; }

    public IReadOnlyList<int> AlertmanagerPorts { get; }

    public AlertWebhook Webhook { get; }

    /// <summary>Since the processes were started.</summary>
    public Stopwatch Clock { get; } = new();

    public static async Task<LoopbackFleet> StartAsync(string prometheus, string alertmanager)
    {
        var fleet = new LoopbackFleet(prometheus, alertmanager);
        try
        {
            await fleet.StartProcessesAsync();
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the replica's process, as a crash would.</summary>
    public void KillReplica(string name)
    {
        _replicaProcesses[name].Dispose();
        _ = _replicaProcesses.Remove(name);
    }

    /// <summary>Sends the site's agent SIGTERM, as a service manager stops it; <see cref="WaitForAgentExit"/> waits for the exit.</summary>
    public void StopAgent(string site) => _agents[site].Terminate();

    /// <summary>True once the site's agent, stopped by <see cref="StopAgent"/>, has exited; false when it still runs after 30 s.</summary>
    public bool WaitForAgentExit(string site)
    {
        var agent = _agents[site];
        if (!agent.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            return false;
        }

        _ = _agents.Remove(site);
        agent.Dispose();
        return true;
    }

    /// <summary>Freezes the central Prometheus (SIGSTOP): the agents' remote writes wait, unanswered, until <see cref="ResumeCentral"/>.</summary>
    public void PauseCentral() => _central!.Pause();

    /// <summary>Lets the central Prometheus run again (SIGCONT).</summary>
    public void ResumeCentral() => _central!.Resume();

    /// <summary>Starts the site's agent on its port and write-ahead log folder (again, after <see cref="StopAgent"/>).</summary>
    public void StartAgent(string site) =>
        _agents[site] = ToolProcess.Start(
            _prometheus,
            ["--enable-feature=agent,expand-external-labels", "--config.file=agent.yml", "--storage.agent.path=wal", $"--web.listen-address=127.0.0.1:{_agentPorts[site]}"],
            Path.Combine(_work, site),
            new Dictionary<string, string> { ["SITE"] = site });

    /// <summary>Waits until the site's agent answers <c>/-/ready</c>.</summary>
    public Task WaitForAgentAsync(string site) => WaitReadyAsync($"agent {site}", _agentPorts[site]);

    /// <summary>The alerts an Alertmanager holds: each one's labels.</summary>
    public async Task<List<Dictionary<string, string>>> AlertmanagerAlertsAsync(int port)
    {
        using var body = JsonDocument.Parse(await _http.GetStringAsync($"http://127.0.0.1:{port}/api/v2/alerts"));
        return [.. body.RootElement.EnumerateArray().Select(a => a.GetProperty("labels").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!))];
    }

    /// <summary>The webhook calls, the central Prometheus's alerts and every process's last output, for failure messages.</summary>
    public string Diagnostics()
    {
        var text = new StringBuilder($"after {Clock.Elapsed.TotalSeconds:F1} s; work folder {_work}\n--- webhook calls:\n");
        foreach (var call in Webhook.Received)
        {
            text.AppendLine($"{call.At.TotalSeconds,6:F1} s  {call.Method} {call.Path} {call.Body}");
        }

        foreach (var (name, tool) in _agents.Select(a => ($"agent {a.Key}", (ToolProcess?)a.Value))
            .Append(("central prometheus", _central)).Concat(_alertmanagers.Select((a, i) => ($"alertmanager {i + 1}", (ToolProcess?)a))))
        {
            text.AppendLine($"--- {name}{(tool?.HasExited == true ? " (exited)" : string.Empty)}:").AppendLine(tool?.Tail);
        }

        foreach (var (name, replica) in _replicaProcesses)
        {
            text.AppendLine($"--- {name} (last lines):").AppendLine(string.Join('\n', replica.StdoutLines.TakeLast(5))).AppendLine(replica.Stderr);
        }

        return text.ToString();
    }

    public ValueTask DisposeAsync()
    {
        // Each process on its own: one that fails to stop (already disposed, already gone) must not
        // leave the others running, nor hide the test's own failure by throwing here.
        foreach (var process in _replicaProcesses.Values.Cast<IDisposable>().Concat(_agents.Values).Append(_central).Concat(_alertmanagers))
        {
            try
            {
                process?.Dispose();
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Nothing left to stop.
            }
        }

        Webhook.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // A tool still flushing its storage; the folder is in the temp directory.
        }

        return ValueTask.CompletedTask;
    }

    private async Task StartProcessesAsync()
    {
        Directory.CreateDirectory(Path.Combine(_work, "prometheus", "rules"));
        Directory.CreateDirectory(Path.Combine(_work, "central"));
        File.WriteAllText(Path.Combine(_work, "prometheus", "rules", "autotrader.rules.yml"), ShippedConfigCopies.Rules());
        File.WriteAllText(Path.Combine(_work, "central", "central.yml"), FleetConfigCopies.Central(AlertmanagerPorts[0], AlertmanagerPorts[1]));
        File.WriteAllText(Path.Combine(_work, "alertmanager.yml"), ShippedConfigCopies.Alertmanager(Webhook.Port));
        File.WriteAllText(Path.Combine(_work, "scanner.yaml"), ScannerConfig);
        foreach (var site in Sites)
        {
            Directory.CreateDirectory(Path.Combine(_work, site, "targets"));
            File.WriteAllText(Path.Combine(_work, site, "agent.yml"), FleetConfigCopies.Agent(CentralPort));
            File.WriteAllText(Path.Combine(_work, site, "targets", site + ".yml"), string.Concat(Replicas.Where(r => r.Site == site).Select(r =>
                $"- targets: [\"127.0.0.1:{r.MetricsPort}\"]\n  labels: {{ replica: {r.Name} }}\n")));
        }

        Clock.Start();
        int[] clusterPorts = [FreePort.Next(), FreePort.Next()];
        for (var i = 0; i < 2; i++)
        {
            _alertmanagers.Add(ToolProcess.Start(_alertmanager, [
                "--config.file=alertmanager.yml", $"--storage.path=alertmanager-{i + 1}",
                $"--web.listen-address=127.0.0.1:{AlertmanagerPorts[i]}",
                $"--cluster.listen-address=127.0.0.1:{clusterPorts[i]}", $"--cluster.peer=127.0.0.1:{clusterPorts[1 - i]}"], _work));
        }

        _central = ToolProcess.Start(_prometheus, [
            "--config.file=central/central.yml", "--storage.tsdb.path=central-data",
            $"--web.listen-address=127.0.0.1:{CentralPort}", "--web.enable-remote-write-receiver"], _work);
        foreach (var replica in Replicas)
        {
            // Each replica names itself as its targets file entry does, so `instance` on the
            // central Prometheus is the service.instance.id of its traces and logs.
            _replicaProcesses[replica.Name] = AutotraderProcess.Start(
                ["serve", "--scanner-config", Path.Combine(_work, "scanner.yaml"), "--address", "127.0.0.1",
                 "--api-port", replica.ApiPort.ToString(), "--metrics-port", replica.MetricsPort.ToString()],
                new Dictionary<string, string?> { ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=" + replica.Name });
        }

        foreach (var site in Sites)
        {
            StartAgent(site);
        }

        foreach (var (name, replica) in _replicaProcesses)
        {
            if (!replica.WaitForOutput("serve_started", StartTimeout))
            {
                throw new InvalidOperationException($"{name} did not start:\n" + Diagnostics());
            }
        }

        await WaitReadyAsync("central prometheus", CentralPort);
        foreach (var site in Sites)
        {
            await WaitForAgentAsync(site);
        }

        for (var i = 0; i < 2; i++)
        {
            await WaitReadyAsync($"alertmanager {i + 1}", AlertmanagerPorts[i]);
            await WaitUntilAsync($"alertmanager {i + 1} sees both cluster peers", () => ClusterPeersAsync(AlertmanagerPorts[i]), peers => peers == 2);
        }
    }

    private async Task<int> ClusterPeersAsync(int port)
    {
        using var body = JsonDocument.Parse(await _http.GetStringAsync($"http://127.0.0.1:{port}/api/v2/status"));
        var cluster = body.RootElement.GetProperty("cluster");
        return cluster.GetProperty("status").GetString() == "ready" ? cluster.GetProperty("peers").GetArrayLength() : 0;
    }

    private Task WaitReadyAsync(string name, int port)
    {
        var api = new PrometheusHttpApi(_http, port); // Alertmanager answers /-/ready the same way
        return WaitUntilAsync(name + " is ready", () => api.IsReadyAsync(CancellationToken.None), ready => ready);
    }

    private async Task WaitUntilAsync<T>(string what, Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = Clock.Elapsed + StartTimeout;
        while (true)
        {
            try
            {
                if (done(await read()))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (Clock.Elapsed > deadline)
            {
                throw new InvalidOperationException($"not within {StartTimeout.TotalSeconds} s: {what}\n" + Diagnostics());
            }

            await Task.Delay(200);
        }
    }
}
