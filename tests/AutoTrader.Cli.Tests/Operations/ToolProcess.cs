using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AutoTrader.Cli.Tests.Operations;

/// <summary>A long-running external tool (Prometheus, Alertmanager) whose last output lines are kept for failure messages.</summary>
internal sealed class ToolProcess : IDisposable
{
    private const int SigTerm = 15;
    private const int SigStop = 19;
    private const int SigCont = 18;
    private const int KeptLines = 40;
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private ToolProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the tool wrote to stdout and stderr, oldest first.</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    public static ToolProcess Start(string path, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return new ToolProcess(Path.GetFileName(path), Process.Start(info)!);
    }

    /// <summary>Sends SIGTERM, as a service manager stops the tool; <see cref="WaitForExit"/> waits for it to finish.</summary>
    public void Terminate() => _ = SendSignal(_process.Id, SigTerm);

    /// <summary>True once the tool has exited, false when it is still running after <paramref name="timeout"/>.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>Freezes the tool (SIGSTOP): it keeps its sockets but answers nothing until <see cref="Resume"/>.</summary>
    public void Pause() => _ = SendSignal(_process.Id, SigStop);

    /// <summary>Lets a paused tool run again (SIGCONT).</summary>
    public void Resume() => _ = SendSignal(_process.Id, SigCont);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > KeptLines)
            {
                _tail.Dequeue();
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
