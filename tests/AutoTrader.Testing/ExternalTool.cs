using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace AutoTrader.Observability.AspNetCore.Tests;

/// <summary>
/// Finds and runs the real tools the integration tests talk to. A missing tool fails the test when
/// <c>CI=true</c>; elsewhere the test passes after printing how to install it (xunit 2 has no
/// runtime skip without extra packages).
/// </summary>
public static class ExternalTool
{
    public const string InstallHint = "install with: apt-get install prometheus prometheus-alertmanager python3-prometheus-client docker-compose apache2-utils";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The tool's full path, or null (after writing why) when it is missing outside CI.</summary>
    public static string? Find(string name, ITestOutputHelper output)
    {
        var path = name.Contains('/', StringComparison.Ordinal)
            ? (File.Exists(name) ? name : null)
            : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, name))
                .FirstOrDefault(File.Exists);
        if (path is not null)
        {
            return path;
        }

        var message = $"'{name}' is not installed; {InstallHint}";
        if (IsCi)
        {
            throw new XunitException(message + " (CI=true: the tool is required)");
        }

        output.WriteLine("NOT RUN: " + message);
        return null;
    }

    public static (int ExitCode, string StdOut, string StdErr) Run(string file, IEnumerable<string> arguments, string? stdin = null, int timeoutSeconds = 60)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new XunitException($"{file} did not finish within {timeoutSeconds} s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
