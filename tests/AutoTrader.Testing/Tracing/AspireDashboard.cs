using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace AutoTrader.Observability.Tests.Tracing;

/// <summary>
/// The Aspire Dashboard (NuGet <c>Aspire.Dashboard.Sdk.linux-x64</c>, restored by the
/// PackageDownload of AutoTrader.Testing) as a real OTLP receiver: started on free loopback ports with anonymous OTLP
/// and its JSON telemetry API switched on, killed at the end.
/// </summary>
/// <remarks>
/// When it cannot start, the tests fail if <c>CI=true</c>; elsewhere they pass after writing why
/// (<see cref="Unavailable"/>), since the package only exists for linux-x64.
/// </remarks>
public sealed class AspireDashboard : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process? _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public AspireDashboard()
    {
        var path = ExecutablePath;
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.OSArchitecture != Architecture.X64 || !File.Exists(path))
        {
            Fail($"the Aspire Dashboard is not at {path}: it is restored by `dotnet restore` of the tests, on linux-x64 only");
            return;
        }

        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        var (ui, grpc, http) = (FreePort(), FreePort(), FreePort());
        UiUrl = $"http://127.0.0.1:{ui}";
        GrpcUrl = $"http://127.0.0.1:{grpc}";
        HttpUrl = $"http://127.0.0.1:{http}";
        var start = new ProcessStartInfo(path)
        {
            WorkingDirectory = Path.GetDirectoryName(path)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_URLS"] = UiUrl,
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = GrpcUrl,
                ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = HttpUrl,
                ["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true",
                ["DASHBOARD__API__ENABLED"] = "true",
                ["DASHBOARD__API__AUTHMODE"] = "Unsecured",
            },
        };
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Log(e.Data);
        _process.ErrorDataReceived += (_, e) => Log(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                if (_http.GetAsync(UiUrl + "/api/telemetry/traces").GetAwaiter().GetResult().IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Thread.Sleep(200);
        }

        Fail($"the Aspire Dashboard at {path} did not answer on {UiUrl} within {StartTimeout.TotalSeconds}s; its output:\n{Output}");
    }

    /// <summary>Where the restored package's executable is, whether or not it exists (scripts get it as <c>ASPIRE_DASHBOARD</c>).</summary>
    public static string ExecutablePath { get; } = typeof(AspireDashboard).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "AspireDashboardPath").Value!;

    public string UiUrl { get; } = "";

    public string GrpcUrl { get; } = "";

    public string HttpUrl { get; } = "";

    /// <summary>Why the dashboard is not running, or null when it is.</summary>
    public string? Unavailable { get; private set; }

    public string Output { get; private set; } = "";

    /// <summary>The spans of one trace, polled until at least <paramref name="count"/> arrived or 20 s passed.</summary>
    public async Task<List<ReceivedSpan>> WaitForTraceAsync(string traceId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<ReceivedSpan> spans;
        do
        {
            var json = await _http.GetStringAsync(UiUrl + "/api/telemetry/traces");
            spans = [.. ReceivedSpan.Parse(json).Where(s => s.TraceId == traceId)];
            if (spans.Count >= count)
            {
                break;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        return spans;
    }

    /// <summary>The log records of one trace, polled until at least <paramref name="count"/> arrived or 20 s passed.</summary>
    public async Task<List<ReceivedLog>> WaitForLogsAsync(string traceId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<ReceivedLog> logs;
        do
        {
            var json = await _http.GetStringAsync(UiUrl + "/api/telemetry/logs");
            logs = [.. ReceivedLog.Parse(json).Where(l => l.TraceId == traceId)];
            if (logs.Count >= count)
            {
                break;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        return logs;
    }

    /// <summary>The resource the dashboard holds for <paramref name="serviceName"/> once it matches <paramref name="until"/>, or what it holds after 20 s.</summary>
    public async Task<ReceivedResource?> WaitForResourceAsync(string serviceName, Func<ReceivedResource, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        ReceivedResource? resource;
        do
        {
            var json = await _http.GetStringAsync(UiUrl + "/api/telemetry/resources");
            resource = ReceivedResource.Parse(json).FirstOrDefault(r => r.Name == serviceName);
            if (resource is not null && until(resource))
            {
                break;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        return resource;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _http.Dispose();
    }

    private void Fail(string reason)
    {
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Dispose();
            throw new InvalidOperationException(reason);
        }

        Unavailable = reason + "\nThe tests that export to it pass without checking anything here; with CI=true they fail.";
    }

    private void Log(string? line)
    {
        if (line is not null)
        {
            lock (_http)
            {
                Output += line + "\n";
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One span as the dashboard's OTLP/JSON API returns it; attribute values come back as strings.</summary>
public sealed record ReceivedSpan(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    int StatusCode,
    string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Attributes)> Events,
    IReadOnlyDictionary<string, string> Resource)
{
    public static IEnumerable<ReceivedSpan> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var spans = new List<ReceivedSpan>();
        foreach (var resourceSpans in document.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var resource = AttributesOf(resourceSpans.GetProperty("resource"));
            foreach (var scope in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    var status = span.TryGetProperty("status", out var s) ? s : default;
                    spans.Add(new ReceivedSpan(
                        span.GetProperty("traceId").GetString()!,
                        span.GetProperty("spanId").GetString()!,
                        span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() : null,
                        span.GetProperty("name").GetString()!,
                        status.ValueKind == JsonValueKind.Object && status.TryGetProperty("code", out var code) ? code.GetInt32() : 0,
                        status.ValueKind == JsonValueKind.Object && status.TryGetProperty("message", out var message) ? message.GetString() : null,
                        AttributesOf(span),
                        span.TryGetProperty("events", out var events)
                            ? [.. events.EnumerateArray().Select(e => (e.GetProperty("name").GetString()!, AttributesOf(e)))]
                            : [],
                        resource));
                }
            }
        }

        return spans;
    }

    internal static Dictionary<string, string> AttributesOf(JsonElement owner)
    {
        var attributes = new Dictionary<string, string>();
        if (owner.TryGetProperty("attributes", out var list))
        {
            foreach (var attribute in list.EnumerateArray())
            {
                var value = attribute.GetProperty("value");
                attributes[attribute.GetProperty("key").GetString()!] = value.EnumerateObject().First().Value.ToString();
            }
        }

        return attributes;
    }
}

/// <summary>One log record as the dashboard's OTLP/JSON API returns it; attribute values come back as strings.</summary>
public sealed record ReceivedLog(
    string? TraceId,
    string? SpanId,
    string Scope,
    string SeverityText,
    string? EventName,
    string Body,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> Resource)
{
    public static IEnumerable<ReceivedLog> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var logs = new List<ReceivedLog>();
        foreach (var resourceLogs in document.RootElement.GetProperty("data").GetProperty("resourceLogs").EnumerateArray())
        {
            var resource = ReceivedSpan.AttributesOf(resourceLogs.GetProperty("resource"));
            foreach (var scope in resourceLogs.GetProperty("scopeLogs").EnumerateArray())
            {
                var scopeName = scope.GetProperty("scope").GetProperty("name").GetString()!;
                foreach (var record in scope.GetProperty("logRecords").EnumerateArray())
                {
                    logs.Add(new ReceivedLog(
                        record.TryGetProperty("traceId", out var traceId) ? traceId.GetString() : null,
                        record.TryGetProperty("spanId", out var spanId) ? spanId.GetString() : null,
                        scopeName,
                        record.GetProperty("severityText").GetString()!,
                        record.TryGetProperty("eventName", out var eventName) ? eventName.GetString() : null,
                        record.GetProperty("body").EnumerateObject().First().Value.ToString(),
                        ReceivedSpan.AttributesOf(record),
                        resource));
                }
            }
        }

        return logs;
    }
}

/// <summary>One resource (service instance) the dashboard holds, with the signals it has received.</summary>
public sealed record ReceivedResource(string Name, string InstanceId, bool HasLogs, bool HasTraces, bool HasMetrics)
{
    public static IEnumerable<ReceivedResource> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(r => new ReceivedResource(
            r.GetProperty("name").GetString()!,
            r.GetProperty("instanceId").GetString()!,
            r.GetProperty("hasLogs").GetBoolean(),
            r.GetProperty("hasTraces").GetBoolean(),
            r.GetProperty("hasMetrics").GetBoolean()))];
    }
}
