using System.Diagnostics;
using System.Text;

namespace AutoTrader.Cli.Tests.Operations;

/// <summary>
/// <c>autotrader serve</c> with an injected data source fault, a real Prometheus loaded with test
/// copies of the shipped scrape config and rules, a real Alertmanager with a copy of the shipped
/// config, and the webhook it notifies; all on 127.0.0.1 free ports, all stopped by Dispose.
/// While it runs, a monitor polls Prometheus's alerts (so a short pending phase is not missed) and
/// calls the API (so the API panels have traffic).
/// </summary>
internal sealed class MonitoringStack : IAsyncDisposable
{
    /// <summary>
    /// The fault scenario. binance always fails: its breaker opens on the first scans and, with a
    /// 300 s break, stays open for the whole test, tripping once, so CircuitBreakerTripping (which
    /// the shipped inhibit rule lets silence CircuitBreakerOpen) cannot fire. coingecko fails 30 %
    /// of its calls: those scans lose both sources and fail (scan errors), the others succeed
    /// degraded. failure_ratio 1.0 keeps coingecko's breaker closed: it would need every call of a
    /// 5 s window to fail, and with at least 10 calls per window (ten tokens a second) that chance is
    /// 0.3^10. With 4, as before, a loaded CI machine once saw four failures in a row at 6 s, and
    /// the 300 s break then failed every scan of the test. A 2 s cache over 1 s scans gives cache
    /// hits and misses.
    /// </summary>
    private const string FaultScenario = """
        scanner:
          scan_interval_seconds: 1
          coingecko: { cache_ttl_seconds: 2, fault_error_rate: 0.3 }
          binance: { cache_ttl_seconds: 2, fault_error_rate: 1.0 }
          circuit_breaker: { failure_ratio: 1.0, minimum_throughput: 10, sampling_seconds: 5, break_seconds: 300 }
        """;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string _work = Directory.CreateTempSubdirectory("autotrader-e2e-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly List<(TimeSpan At, string Alert, string State)> _alertTimeline = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly int _apiPort = FreePort.Next();
    private readonly int _metricsPort = FreePort.Next();
    private readonly int _prometheusPort = FreePort.Next();
    private readonly int _alertmanagerPort = FreePort.Next();
    private ToolProcess? _alertmanager;
    private ToolProcess? _prometheus;
    private AutotraderProcess? _service;
    private Task? _monitor;

    private MonitoringStack()
    {
        Webhook = new AlertWebhook(FreePort.Next(), () => Clock.Elapsed);
        Prometheus = new PrometheusHttpApi(_http, _prometheusPort);
    }

    /// <summary>Since the service was started.</summary>
    public Stopwatch Clock { get; } = new();

    public PrometheusHttpApi Prometheus { get; }

    public AlertWebhook Webhook { get; }

    /// <summary>Every change of state of each alert Prometheus reported, in order, keyed by alert name and labels.</summary>
    public IReadOnlyList<(TimeSpan At, string Alert, string State)> AlertTimeline
    {
        get
        {
            lock (_alertTimeline)
            {
                return [.. _alertTimeline];
            }
        }
    }

    public static async Task<MonitoringStack> StartAsync(string prometheus, string alertmanager)
    {
        var stack = new MonitoringStack();
        try
        {
            await stack.StartProcessesAsync(prometheus, alertmanager);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>The last output of the service, Prometheus and Alertmanager, the webhook calls and the alert timeline, for failure messages.</summary>
    public string Diagnostics()
    {
        var text = new StringBuilder();
        text.AppendLine($"after {Clock.Elapsed.TotalSeconds:F1} s; work folder {_work}");
        text.AppendLine("--- alert timeline:");
        foreach (var (at, alert, state) in AlertTimeline)
        {
            text.AppendLine($"{at.TotalSeconds,6:F1} s  {alert} {state}");
        }

        text.AppendLine("--- webhook calls:");
        foreach (var call in Webhook.Received)
        {
            text.AppendLine($"{call.At.TotalSeconds,6:F1} s  {call.Method} {call.Path} {call.Body}");
        }

        foreach (var tool in new[] { _prometheus, _alertmanager })
        {
            text.AppendLine($"--- {tool?.Name ?? "(not started)"}{(tool?.HasExited == true ? " (exited)" : string.Empty)}:").AppendLine(tool?.Tail);
        }

        text.AppendLine("--- autotrader serve (last lines):");
        text.AppendLine(string.Join('\n', (_service?.StdoutLines ?? []).TakeLast(15)));
        return text.AppendLine(_service?.Stderr).ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_monitor is not null)
        {
            await _monitor.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _service?.Dispose();
        _prometheus?.Dispose();
        _alertmanager?.Dispose();
        Webhook.Dispose();
        _http.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // A tool still flushing its storage; the folder is in the temp directory.
        }
    }

    private async Task StartProcessesAsync(string prometheus, string alertmanager)
    {
        Directory.CreateDirectory(Path.Combine(_work, "prometheus", "rules"));
        File.WriteAllText(Path.Combine(_work, "prometheus", "prometheus.yml"), ShippedConfigCopies.Prometheus(_metricsPort, _alertmanagerPort));
        File.WriteAllText(Path.Combine(_work, "prometheus", "rules", "autotrader.rules.yml"), ShippedConfigCopies.Rules());
        File.WriteAllText(Path.Combine(_work, "alertmanager.yml"), ShippedConfigCopies.Alertmanager(Webhook.Port));
        File.WriteAllText(Path.Combine(_work, "scanner.yaml"), FaultScenario);

        _alertmanager = ToolProcess.Start(alertmanager, [
            "--config.file=alertmanager.yml", "--storage.path=alertmanager-data",
            $"--web.listen-address=127.0.0.1:{_alertmanagerPort}", "--cluster.listen-address="], _work);
        _prometheus = ToolProcess.Start(prometheus, [
            "--config.file=prometheus/prometheus.yml", "--storage.tsdb.path=prometheus-data",
            $"--web.listen-address=127.0.0.1:{_prometheusPort}", "--enable-feature=exemplar-storage"], _work);
        Clock.Start();
        _service = AutotraderProcess.Start([
            "serve", "--scanner-config", Path.Combine(_work, "scanner.yaml"), "--address", "127.0.0.1",
            "--api-port", _apiPort.ToString(), "--metrics-port", _metricsPort.ToString()]);

        if (!_service.WaitForOutput("serve_started", StartTimeout))
        {
            throw new InvalidOperationException("autotrader serve did not start:\n" + Diagnostics());
        }

        foreach (var (name, port) in new[] { ("Prometheus", _prometheusPort), ("Alertmanager", _alertmanagerPort) })
        {
            var api = new PrometheusHttpApi(_http, port); // Alertmanager answers /-/ready the same way
            while (!await api.IsReadyAsync(CancellationToken.None))
            {
                if (Clock.Elapsed > StartTimeout)
                {
                    throw new InvalidOperationException($"{name} was not ready within {StartTimeout.TotalSeconds} s:\n" + Diagnostics());
                }

                await Task.Delay(200);
            }
        }

        _monitor = Task.Run(() => MonitorAsync(_stop.Token));
    }

    private async Task MonitorAsync(CancellationToken cancellationToken)
    {
        var last = new Dictionary<string, string>();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var _ = await _http.GetAsync($"http://127.0.0.1:{_apiPort}/api/tokens", cancellationToken);
                foreach (var (name, state, labels) in await Prometheus.AlertsAsync(cancellationToken))
                {
                    var key = name + "{" + string.Join(',', labels.Where(l => l.Key != "alertname").OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}")) + "}";
                    if (last.GetValueOrDefault(key) != state)
                    {
                        last[key] = state;
                        lock (_alertTimeline)
                        {
                            _alertTimeline.Add((Clock.Elapsed, key, state));
                        }
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // A slow or stopping tool; the next round tries again, Diagnostics shows its output.
            }

            try
            {
                await Task.Delay(250, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
