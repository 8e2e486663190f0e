using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using AutoTrader.Observability.Logging;
using AutoTrader.Observability.Tests;
using AutoTrader.Observability.Tests.Tracing;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace AutoTrader.Observability.AspNetCore.Tests.Samples;

/// <summary>
/// samples/MinimalApi as a service outside this repository builds it: the two packages packed into
/// a local feed under a version no earlier run used (so that no cached package can stand in for
/// them), the sample copied to a clean folder with its own build files, restored from that feed,
/// built and run.
/// </summary>
public sealed class SampleFromPackagesTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] PackagedProjects = ["AutoTrader.Observability", "AutoTrader.Observability.AspNetCore"];

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("autotrader-sample-");
    private readonly string _version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    [Fact]
    public async Task The_sample_built_from_the_packages_logs_the_guides_lines_serves_valid_metrics_and_exports_its_traces()
    {
        var promtool = ExternalTool.Find("promtool", output);
        using var dashboard = new AspireDashboard();
        if (promtool is null || dashboard.Unavailable is not null)
        {
            output.WriteLine("NOT RUN: " + (dashboard.Unavailable ?? "promtool is missing"));
            return;
        }

        var feed = Pack();
        var sample = CopySample(feed);
        Dotnet(sample, "build", "MinimalApi", "-c", "Release", $"-p:AutoTraderObservabilityVersion={_version}");

        var port = ExternalTool.FreePort();
        using var service = Start(Path.Combine(sample, "MinimalApi", "bin", "Release", "net10.0", "MinimalApi.dll"), port, dashboard.GrpcUrl);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitForHealthAsync(http, service);

        (await http.PostAsync(new Uri("/orders/42", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var access = await service.WaitForLineAsync(l => l.GetProperty(LogSchema.Event).GetString() == "http_request" && l.GetProperty("route").GetString() == "/orders/{id}");
        var traceId = access.GetProperty(LogSchema.TraceId).GetString()!;
        var spans = await dashboard.WaitForTraceAsync(traceId, 1);
        service.Stop();

        Assert.Contains("sample_orders_total{status=\"accepted\"} 1", metrics, StringComparison.Ordinal);
        var check = ExternalTool.Run(promtool, ["check", "metrics"], metrics);
        Assert.True(check.ExitCode == 0, $"promtool check metrics: {check.StdOut}{check.StdErr}");
        Assert.NotEmpty(service.Lines);
        Assert.All(service.Lines, line =>
        {
            var keys = line.EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal([LogSchema.Timestamp, LogSchema.Level, LogSchema.Logger, LogSchema.Event], keys.Take(4));
            Assert.Equal([LogSchema.Service, LogSchema.Environment, LogSchema.Version], keys.TakeLast(3));
            Assert.Equal("sample-orders", line.GetProperty(LogSchema.Service).GetString());
        });
        Assert.Contains(service.Lines, l => l.GetProperty(LogSchema.Event).GetString() == "order_accepted" && l.GetProperty(LogSchema.TraceId).GetString() == traceId);
        var span = Assert.Single(spans, s => s.Name == "POST /orders/{id}");
        Assert.Equal("sample-orders", span.Resource["service.name"]);
    }

    public void Dispose()
    {
        _work.Delete(recursive: true);

        // The packages of this run's version were extracted to the global cache; nothing else will use them.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var project in PackagedProjects)
        {
            var extracted = Path.Combine(cache, project.ToLowerInvariant(), _version);
            if (Directory.Exists(extracted))
            {
                Directory.Delete(extracted, recursive: true);
            }
        }
    }

    /// <summary>Packs both packages from a copy of the sources, so that the repository's own build output is left alone.</summary>
    private string Pack()
    {
        var sources = Path.Combine(_work.FullName, "repository");
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "src/Directory.Build.props" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(sources, file))!);
            File.Copy(Path.Combine(RepositoryRoot.Path, file), Path.Combine(sources, file));
        }

        var feed = Path.Combine(_work.FullName, "feed");
        foreach (var project in PackagedProjects)
        {
            CopyTree(Path.Combine(RepositoryRoot.Path, "src", project), Path.Combine(sources, "src", project));
        }

        foreach (var project in PackagedProjects)
        {
            Dotnet(sources, "pack", $"src/{project}", "-c", "Release", "-o", feed, $"-p:Version={_version}");
            Assert.True(File.Exists(Path.Combine(feed, $"{project}.{_version}.snupkg")), $"{project} has no symbol package");
            var nuspec = Nuspec(Path.Combine(feed, $"{project}.{_version}.nupkg"), project);
            Assert.Contains("<license type=\"expression\">", nuspec, StringComparison.Ordinal);
            Assert.Contains("<readme>README.md</readme>", nuspec, StringComparison.Ordinal);
            Assert.Contains("<repository type=\"git\"", nuspec, StringComparison.Ordinal);
        }

        return feed;
    }

    private static string Nuspec(string package, string project)
    {
        using var zip = ZipFile.OpenRead(package);
        Assert.NotNull(zip.GetEntry("README.md"));
        Assert.NotNull(zip.GetEntry($"lib/net10.0/{project}.xml"));
        using var reader = new StreamReader(zip.GetEntry($"{project}.nuspec")!.Open());
        return reader.ReadToEnd();
    }

    private string CopySample(string feed)
    {
        var sample = Path.Combine(_work.FullName, "sample");
        CopyTree(Path.Combine(RepositoryRoot.Path, "samples"), sample);
        CopyTree(feed, Path.Combine(sample, "feed"));
        return sample;
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar) is var parts && (parts.Contains("bin") || parts.Contains("obj") || parts[0] == "feed"))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }

    private void Dotnet(string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments.Append("-nologo"))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new XunitException($"dotnet {string.Join(' ', arguments)} did not finish within 10 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new XunitException($"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{stdout.Result}{stderr.Result}");
        }
    }

    private static RunningSample Start(string dll, int port, string otlpEndpoint)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
        return new RunningSample(Process.Start(info)!);
    }

    private static async Task WaitForHealthAsync(HttpClient http, RunningSample service)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !service.Process.HasExited)
        {
            try
            {
                if ((await http.GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new XunitException($"the sample did not become healthy within 60 s; its output:\n{service.Output}");
    }

    /// <summary>The sample's process and the JSON lines of its stdout.</summary>
    private sealed class RunningSample : IDisposable
    {
        private readonly List<string> _stdout = [];
        private readonly List<string> _stderr = [];

        public RunningSample(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Add(_stdout, e.Data);
            process.ErrorDataReceived += (_, e) => Add(_stderr, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        /// <summary>Every stdout line, parsed; one that is not JSON fails here.</summary>
        public List<JsonElement> Lines
        {
            get
            {
                lock (_stdout)
                {
                    return [.. _stdout.Select(l => JsonDocument.Parse(l).RootElement)];
                }
            }
        }

        public string Output
        {
            get
            {
                lock (_stdout)
                {
                    return string.Join('\n', _stdout.Concat(_stderr));
                }
            }
        }

        public async Task<JsonElement> WaitForLineAsync(Func<JsonElement, bool> match)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline)
            {
                if (Lines.FirstOrDefault(match) is { ValueKind: JsonValueKind.Object } line)
                {
                    return line;
                }

                await Task.Delay(100);
            }

            throw new XunitException($"no such line within 20 s; the sample wrote:\n{Output}");
        }

        /// <summary>Stops the sample as an orchestrator would (SIGTERM), so that its last lines are flushed.</summary>
        public void Stop()
        {
            if (!Process.HasExited)
            {
                using var kill = Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                kill.WaitForExit();
                if (!Process.WaitForExit(15_000))
                {
                    Process.Kill(entireProcessTree: true);
                }
            }

            Process.WaitForExit();
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }

        private void Add(List<string> lines, string? line)
        {
            if (!string.IsNullOrEmpty(line))
            {
                lock (_stdout)
                {
                    lines.Add(line);
                }
            }
        }
    }
}
