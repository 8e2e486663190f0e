using System.Text;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Serilog.Formatting.Compact;
using ZLogger;

namespace AutoTrader.Observability.Benchmarks.Logging;

/// <summary>
/// One INFO event with five fields (string, int, double, bool, string) written as one JSON line to
/// a null stream, by our provider and by three peers in the same run.
/// </summary>
/// <remarks>
/// Every peer is measured on the caller's thread. Ours and ZLogger capture the values there and
/// format on a background thread (hence the extra rows that format on the caller, to show the
/// whole cost); the console logger formats there and queues a string. Each background queue is set so that it cannot drop silently:
/// ours gets a 64 MiB ring and its drop count is printed after the run, ZLogger's grows,
/// the console logger's makes the caller wait.
/// </remarks>
[MemoryDiagnoser]
public partial class JsonLoggingBenchmarks
{
    private const string Category = "AutoTrader.Scanner";
    private const string TokenSymbol = "BTC";
    private const int Count = 42;
    private const double GemScore = 85.5;
    private const bool Cached = true;
    private const string Source = "coingecko";

    private ServiceProvider? _ourServices;
    private Microsoft.Extensions.Logging.ILogger _ours = null!;
    private ServiceProvider? _oursWithOtlpServices;
    private Microsoft.Extensions.Logging.ILogger _oursWithOtlp = null!;
    private OtlpHttpSink? _otlpSink;
    private ServiceProvider? _oursOnCallerServices;
    private Microsoft.Extensions.Logging.ILogger _oursOnCaller = null!;
    private Serilog.Core.Logger? _serilog;
    private Serilog.Core.Logger? _serilogTextWriterNull;
    private ILoggerFactory? _zlogFactory;
    private Microsoft.Extensions.Logging.ILogger _zlog = null!;
    private ILoggerFactory? _zlogOnCallerFactory;
    private Microsoft.Extensions.Logging.ILogger _zlogOnCaller = null!;
    private ILoggerFactory? _console;
    private Microsoft.Extensions.Logging.ILogger _consoleLogger = null!;
    private TextWriter? _originalOut;

    [GlobalSetup(Target = nameof(AutoTrader))]
    public void SetUpAutoTrader() => (_ourServices, _ours) = CreateOurs(formatOnCaller: false);

    [GlobalCleanup(Target = nameof(AutoTrader))]
    public void CleanUpAutoTrader()
    {
        var provider = _ourServices!.GetRequiredService<AutoTraderLoggerProvider>();
        var flushed = provider.Flush(TimeSpan.FromSeconds(30));
        var statistics = provider.Statistics;
        Console.WriteLine($"// AutoTrader logging after the run: flushed={flushed} queue_full={statistics.QueueFullLines} write_failed={statistics.WriteFailedLines} format_failed={statistics.FormatFailures}");
        _ourServices!.Dispose();
    }

    [GlobalSetup(Target = nameof(AutoTrader_WithOtlpLogs))]
    public void SetUpAutoTraderWithOtlpLogs()
    {
        _otlpSink = new OtlpHttpSink();
        (_oursWithOtlpServices, _oursWithOtlp) = CreateOurs(formatOnCaller: false, otlp: _otlpSink.Url);
    }

    [GlobalCleanup(Target = nameof(AutoTrader_WithOtlpLogs))]
    public void CleanUpAutoTraderWithOtlpLogs()
    {
        var provider = _oursWithOtlpServices!.GetRequiredService<AutoTraderLoggerProvider>();
        var flushed = provider.Flush(TimeSpan.FromSeconds(60));
        var statistics = provider.Statistics;
        Console.WriteLine($"// AutoTrader logging + OTLP after the run: flushed={flushed} queue_full={statistics.QueueFullLines} export_queue_full={statistics.ExportQueueFullRecords} export_failed={statistics.ExportFailedRecords} requests={_otlpSink!.Requests}");
        _oursWithOtlpServices!.Dispose();
        _otlpSink.Dispose();
    }

    [GlobalSetup(Target = nameof(AutoTrader_FormattedOnCaller))]
    public void SetUpAutoTraderFormattedOnCaller() => (_oursOnCallerServices, _oursOnCaller) = CreateOurs(formatOnCaller: true);

    [GlobalCleanup(Target = nameof(AutoTrader_FormattedOnCaller))]
    public void CleanUpAutoTraderFormattedOnCaller() => _oursOnCallerServices!.Dispose();

    [GlobalSetup(Target = nameof(Serilog))]
    public void SetUpSerilog() => _serilog = CreateSerilog(new StreamWriter(Stream.Null, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)));

    [GlobalCleanup(Target = nameof(Serilog))]
    public void CleanUpSerilog() => _serilog!.Dispose();

    [GlobalSetup(Target = nameof(Serilog_TextWriterNull))]
    public void SetUpSerilogTextWriterNull() => _serilogTextWriterNull = CreateSerilog(TextWriter.Null);

    [GlobalCleanup(Target = nameof(Serilog_TextWriterNull))]
    public void CleanUpSerilogTextWriterNull() => _serilogTextWriterNull!.Dispose();

    [GlobalSetup(Target = nameof(ZLogger))]
    public void SetUpZLogger() => (_zlogFactory, _zlog) = CreateLogger(builder =>
        builder.AddZLoggerStream(Stream.Null, options => options.UseJsonFormatter()));

    [GlobalCleanup(Target = nameof(ZLogger))]
    public void CleanUpZLogger() => _zlogFactory!.Dispose();

    [GlobalSetup(Target = nameof(ZLogger_FormattedOnCaller))]
    public void SetUpZLoggerFormattedOnCaller() => (_zlogOnCallerFactory, _zlogOnCaller) = CreateLogger(builder =>
        builder.AddZLoggerLogProcessor(options =>
        {
            options.UseJsonFormatter();
            return new CallerThreadZLoggerProcessor(options.CreateFormatter(), Stream.Null);
        }));

    [GlobalCleanup(Target = nameof(ZLogger_FormattedOnCaller))]
    public void CleanUpZLoggerFormattedOnCaller() => _zlogOnCallerFactory!.Dispose();

    [GlobalSetup(Target = nameof(MicrosoftJsonConsole))]
    public void SetUpMicrosoftJsonConsole()
    {
        // The console logger binds to Console.Out when it is created.
        _originalOut = Console.Out;
        Console.SetOut(TextWriter.Null);
        (_console, _consoleLogger) = CreateLogger(builder =>
        {
            builder.AddJsonConsole();
            builder.Services.Configure<ConsoleLoggerOptions>(options => options.QueueFullMode = ConsoleLoggerQueueFullMode.Wait);
        });
    }

    [GlobalCleanup(Target = nameof(MicrosoftJsonConsole))]
    public void CleanUpMicrosoftJsonConsole()
    {
        _console!.Dispose();
        Console.SetOut(_originalOut!);
    }

    [Benchmark(Description = "AutoTrader")]
    public void AutoTrader() =>
        _ours.Info("scan_completed", ("token_symbol", TokenSymbol), ("count", Count), ("gem_score", GemScore), ("cached", Cached), ("source", Source));

    [Benchmark(Description = "AutoTrader + OTLP logs")]
    public void AutoTrader_WithOtlpLogs() =>
        _oursWithOtlp.Info("scan_completed", ("token_symbol", TokenSymbol), ("count", Count), ("gem_score", GemScore), ("cached", Cached), ("source", Source));

    [Benchmark(Description = "AutoTrader, formatted on caller")]
    public void AutoTrader_FormattedOnCaller() =>
        _oursOnCaller.Info("scan_completed", ("token_symbol", TokenSymbol), ("count", Count), ("gem_score", GemScore), ("cached", Cached), ("source", Source));

    [Benchmark(Baseline = true, Description = "Serilog + CompactJsonFormatter")]
    public void Serilog() =>
        _serilog!.Information("scan_completed {token_symbol} {count} {gem_score} {cached} {source}", TokenSymbol, Count, GemScore, Cached, Source);

    [Benchmark(Description = "Serilog + CompactJsonFormatter, TextWriter.Null")]
    public void Serilog_TextWriterNull() =>
        _serilogTextWriterNull!.Information("scan_completed {token_symbol} {count} {gem_score} {cached} {source}", TokenSymbol, Count, GemScore, Cached, Source);

    [Benchmark(Description = "ZLogger JSON")]
    public void ZLogger() =>
        _zlog.ZLogInformation($"scan_completed {TokenSymbol:@token_symbol} {Count:@count} {GemScore:@gem_score} {Cached:@cached} {Source:@source}");

    [Benchmark(Description = "ZLogger JSON, formatted on caller")]
    public void ZLogger_FormattedOnCaller() =>
        _zlogOnCaller.ZLogInformation($"scan_completed {TokenSymbol:@token_symbol} {Count:@count} {GemScore:@gem_score} {Cached:@cached} {Source:@source}");

    [Benchmark(Description = "MEL JsonConsoleFormatter")]
    public void MicrosoftJsonConsole() => LogScanCompleted(_consoleLogger, TokenSymbol, Count, GemScore, Cached, Source);

    [LoggerMessage(Level = LogLevel.Information, Message = "scan_completed {token_symbol} {count} {gem_score} {cached} {source}")]
    private static partial void LogScanCompleted(Microsoft.Extensions.Logging.ILogger logger, string token_symbol, int count, double gem_score, bool cached, string source);

    private static (ServiceProvider, Microsoft.Extensions.Logging.ILogger) CreateOurs(bool formatOnCaller, string? otlp = null)
    {
        var options = new ObservabilityOptions();
        options.Logging.QueueCapacityBytes = 64 * 1024 * 1024;
        if (otlp is not null)
        {
            // A queue deep enough that nothing is dropped in BenchmarkDotNet's tight loop, which no
            // exporter keeps up with (with the default 2048 most records would take the drop path);
            // the drop count printed after the run says so. Records past the SDK's shared pool of
            // 2048 are allocated, which the row's bytes include.
            options.Logging.Exporters.Otlp.Enabled = true;
            options.Logging.Exporters.Otlp.Endpoint = otlp;
            options.Logging.Exporters.Otlp.Protocol = "http/protobuf";
            options.Performance.LogMaxQueueSize = 1 << 20;
            options.Performance.LogBatchSize = 8192;
        }

        var services = new ServiceCollection()
            .AddLogging(builder => builder.AddAutoTraderLogging(options, Stream.Null))
            .BuildServiceProvider();
        services.GetRequiredService<AutoTraderLoggerProvider>().FormatOnCaller = formatOnCaller;
        return (services, services.GetRequiredService<ILoggerFactory>().CreateLogger(Category));
    }

    private static Serilog.Core.Logger CreateSerilog(TextWriter output) => new Serilog.LoggerConfiguration()
        .MinimumLevel.Information()
        .WriteTo.Sink(new CompactJsonSink(output))
        .CreateLogger();

    private static (ILoggerFactory, Microsoft.Extensions.Logging.ILogger) CreateLogger(Action<ILoggingBuilder> configure)
    {
        var factory = LoggerFactory.Create(builder =>
        {
            builder.ClearProviders();
            builder.SetMinimumLevel(LogLevel.Information);
            configure(builder);
        });
        return (factory, factory.CreateLogger(Category));
    }
}
