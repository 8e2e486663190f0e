using System.Text.Json;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Tests.Logging;

/// <summary>A logger factory whose lines land in memory, parsed back as JSON.</summary>
internal sealed class LogCapture : IDisposable
{
    private readonly MemoryStream _output = new();

    public LogCapture(Action<ObservabilityOptions>? configure = null, TimeProvider? time = null)
    {
        Options = new ObservabilityOptions { Environment = "test", Version = "9.9.9" };
        Options.Logging.Level = "DEBUG";
        configure?.Invoke(Options);
        Provider = new AutoTraderLoggerProvider(Options, _output, time);
        Factory = LoggerFactory.Create(b =>
        {
            b.ClearProviders();
            b.SetMinimumLevel(LogLevel.Trace);
            b.AddProvider(Provider);
        });
    }

    public ObservabilityOptions Options { get; }

    public AutoTraderLoggerProvider Provider { get; }

    public ILoggerFactory Factory { get; }

    public ILogger Logger(string name = "AutoTrader.Tests") => Factory.CreateLogger(name);

    /// <summary>Every line written so far, as raw text.</summary>
    public IReadOnlyList<string> RawLines()
    {
        Assert.True(Provider.Flush(TimeSpan.FromSeconds(10)), "log writer did not drain");
        var text = System.Text.Encoding.UTF8.GetString(_output.ToArray());
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "output must end with a newline");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Every line, parsed; fails the test if a line is not one JSON object.</summary>
    public IReadOnlyList<JsonElement> Lines() =>
        RawLines().Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    public JsonElement Single() => Assert.Single(Lines());

    public void Dispose()
    {
        Factory.Dispose();
        Provider.Dispose();
    }
}

internal static class JsonElementExtensions
{
    public static IReadOnlyList<string> Keys(this JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToList();

    public static string Str(this JsonElement e, string key) => e.GetProperty(key).GetString()!;
}
