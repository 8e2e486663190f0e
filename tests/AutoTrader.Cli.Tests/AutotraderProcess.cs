using System.Diagnostics;
using System.Text;
using AutoTrader.Observability.Configuration;

namespace AutoTrader.Cli.Tests;

/// <summary>Runs the real <c>autotrader</c> program, built next to the tests, as a child process.</summary>
internal sealed class AutotraderProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private AutotraderProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Stdout { get { lock (_stdout) { return _stdout.ToString(); } } }

    public string Stderr { get { lock (_stderr) { return _stderr.ToString(); } } }

    public IReadOnlyList<string> StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string> StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>autotrader</c> with <paramref name="args"/>, in <paramref name="workingDirectory"/> (default: the test output folder).</summary>
    public static AutotraderProcess Start(IEnumerable<string> args, IDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "autotrader.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The variables the configuration reads come from the test alone, not from the machine running it.
        foreach (var name in EnvironmentOverrides.Keys.Keys.Concat(OpenTelemetryEnvironment.Variables))
        {
            info.Environment.Remove(name);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        return new AutotraderProcess(Process.Start(info)!);
    }

    /// <summary>Runs to completion (at most <paramref name="timeout"/>) and returns the exit code.</summary>
    public static AutotraderProcess Run(IEnumerable<string> args, IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var p = Start(args, environment);
        Assert.True(p.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)), "autotrader did not exit in time");
        return p;
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit(); // drains the redirected streams
        return true;
    }

    /// <summary>Waits until a line of standard output contains <paramref name="text"/>.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout) =>
        SpinWait.SpinUntil(() => Stdout.Contains(text, StringComparison.Ordinal) || _process.HasExited, timeout) && Stdout.Contains(text, StringComparison.Ordinal);

    /// <summary>Sends SIGTERM, as a service manager would, and waits for the exit.</summary>
    public bool Terminate(TimeSpan timeout)
    {
        _ = SendSignal(_process.Id, SigTerm);
        return WaitForExit(timeout);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private const int SigTerm = 15;
    private bool _disposed;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private static void Append(StringBuilder into, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (into)
        {
            into.Append(line).Append('\n');
        }
    }
}
