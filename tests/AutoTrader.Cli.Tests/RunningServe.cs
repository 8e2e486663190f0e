namespace AutoTrader.Cli.Tests;

/// <summary>An <c>autotrader serve</c> process on free loopback ports, started and waited for.</summary>
internal sealed class RunningServe : IDisposable
{
    private readonly List<IDisposable> _files = [];

    /// <param name="scannerYaml">A scanner configuration, or null for the shipped one.</param>
    /// <param name="observabilityYaml">An observability configuration, or null for the shipped one.</param>
    /// <param name="args">More arguments of <c>serve</c>.</param>
    public RunningServe(string? scannerYaml = null, string? observabilityYaml = null, params string[] args)
    {
        ApiPort = FreePort.Next();
        MetricsPort = FreePort.Next();
        var all = new List<string> { "serve", "--api-port", ApiPort.ToString(), "--metrics-port", MetricsPort.ToString() };
        if (scannerYaml is not null)
        {
            var file = new TempYamlFile(scannerYaml);
            _files.Add(file);
            all.AddRange(["--scanner-config", file.Path]);
        }

        if (observabilityYaml is not null)
        {
            var file = new TempYamlFile(observabilityYaml);
            _files.Add(file);
            all.AddRange(["--config", file.Path]);
        }

        all.AddRange(args);
        Process = AutotraderProcess.Start(all);
        Assert.True(Process.WaitForOutput("serve_started", TimeSpan.FromSeconds(30)), "serve did not start: " + Process.Stdout + Process.Stderr);
    }

    public AutotraderProcess Process { get; }

    public int ApiPort { get; }

    public int MetricsPort { get; }

    public Uri Api => new($"http://127.0.0.1:{ApiPort}");

    public Uri Metrics => new($"http://127.0.0.1:{MetricsPort}");

    public void Dispose()
    {
        Process.Dispose();
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }
}
