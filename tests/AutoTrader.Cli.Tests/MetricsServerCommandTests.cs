using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AutoTrader.Cli.Tests;

/// <summary>Runs the real <c>autotrader metrics-server</c> process on 127.0.0.1.</summary>
public sealed class MetricsServerCommandTests
{
    private static readonly string Program = Path.Combine(AppContext.BaseDirectory, "autotrader.dll");

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Serves_metrics_logs_its_endpoint_and_stops_gracefully_on_a_signal(string signal)
    {
        var port = FreePort();
        using var server = Start("metrics-server", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--log-level", "INFO");
        try
        {
            await server.WaitForOutputAsync("\"event\":\"metrics_server_started\"");
            Assert.Contains($"\"endpoint\":\"http://127.0.0.1:{port}/metrics\"", server.Output, StringComparison.Ordinal);
            Assert.Contains("\"event\":\"metrics_server_starting\"", server.Output, StringComparison.Ordinal);

            using var client = new HttpClient();
            var payload = await client.GetStringAsync($"http://127.0.0.1:{port}/metrics");
            for (var i = 0; i < 100 && !payload.Contains("\nscan_requests_total{", StringComparison.Ordinal); i++)
            {
                await Task.Delay(100);
                payload = await client.GetStringAsync($"http://127.0.0.1:{port}/metrics");
            }

            // The metrics of the process doing the work: its own background scans.
            Assert.Contains("\nscan_requests_total{", payload, StringComparison.Ordinal);
            Assert.Contains("\ndata_source_requests_total{", payload, StringComparison.Ordinal);
            Assert.Contains("target_info{", payload, StringComparison.Ordinal);
            Assert.Contains("# TYPE dotnet_gc_collections_total counter", payload, StringComparison.Ordinal);

            using (var kill = Process.Start("kill", ["-" + signal, server.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            Assert.True(server.Process.WaitForExit(15_000), "the server did not stop within 15 s of SIG" + signal);
            server.Process.WaitForExit(); // drains the redirected output
            Assert.Equal(0, server.Process.ExitCode);
            Assert.Contains("\"event\":\"metrics_server_stopped\"", server.Output, StringComparison.Ordinal);
        }
        finally
        {
            server.Stop();
        }
    }

    [Fact]
    public void Fails_fast_with_a_clear_message_when_the_port_is_taken()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        using var server = Start("metrics-server", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            Assert.True(server.Process.WaitForExit(30_000), "the server did not give up within 30 s");
            Assert.Equal(1, server.Process.ExitCode);
            Assert.Contains($"Cannot listen on 127.0.0.1:{port}", server.Error, StringComparison.Ordinal);
        }
        finally
        {
            server.Stop();
        }
    }

    [Fact]
    public void Fails_fast_with_a_clear_message_when_the_address_is_invalid()
    {
        using var server = Start("metrics-server", "--address", "not-an-ip");
        try
        {
            Assert.True(server.Process.WaitForExit(30_000), "the server did not give up within 30 s");
            Assert.Equal(2, server.Process.ExitCode);
            Assert.Contains("--address 'not-an-ip' is not an IP address", server.Error, StringComparison.Ordinal);
        }
        finally
        {
            server.Stop();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static RunningProgram Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Program);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new RunningProgram(Process.Start(info)!);
    }

    private sealed class RunningProgram : IDisposable
    {
        private readonly StringBuilder output = new();
        private readonly StringBuilder error = new();

        public RunningProgram(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.ErrorDataReceived += (_, e) => { lock (error) { error.AppendLine(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Output { get { lock (output) { return output.ToString(); } } }

        public string Error
        {
            get
            {
                Process.WaitForExit();
                lock (error)
                {
                    return error.ToString();
                }
            }
        }

        public async Task WaitForOutputAsync(string text)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!Output.Contains(text, StringComparison.Ordinal))
            {
                if (Process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new Xunit.Sdk.XunitException($"no {text} within 30 s; output:\n{Output}\nerrors:\n{error}");
                }

                await Task.Delay(100);
            }
        }

        public void Stop()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit();
            }
        }

        public void Dispose() => Process.Dispose();
    }
}
