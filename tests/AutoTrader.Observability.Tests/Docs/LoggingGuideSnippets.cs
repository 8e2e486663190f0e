using System.Text.Json;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using AutoTrader.Observability.Tests.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Tests.Docs;

/// <summary>The C# snippets of the guide's Structured Logging and Configuration sections, run.</summary>
public sealed class LoggingGuideSnippets
{
    [Fact]
    public void Basic_usage()
    {
        using var capture = new LogCapture();
        ILogger logger = capture.Factory.CreateLogger("AutoTrader.Core.Pipeline");

        #region snippet: logging-basic-usage
        logger.Info(
            "scan_started",
            ("token_symbol", "BTC"),
            ("contract_address", "0x..."),
            ("user_id", "user123"));
        #endregion

        var line = capture.Single();
        Assert.Equal("scan_started", line.Str("event"));
        Assert.Equal("user123", line.Str("user_id"));
    }

    [Fact]
    public void Context_binding()
    {
        using var capture = new LogCapture();
        ILogger logger = capture.Logger();

        #region snippet: logging-context-binding
        var requestLogger = logger.Bind(("request_id", "req-123"), ("user_id", "user-456"));

        // All subsequent logs include the bound context; `logger` itself is unchanged.
        requestLogger.Info("processing_started");
        requestLogger.Info("validation_passed");
        requestLogger.Error("unexpected_error", ("error_code", 500));
        #endregion

        Assert.All(capture.Lines(), l => Assert.Equal("req-123", l.Str("request_id")));
    }

    [Fact]
    public void Log_levels()
    {
        using var capture = new LogCapture();
        ILogger logger = capture.Logger();
        var exception = new InvalidOperationException("boom");

        #region snippet: logging-levels
        logger.Debug("debug_info", ("detail", "..."));          // Debug-level details
        logger.Info("operation_success");                       // Normal operations
        logger.Warning("degraded_performance");                 // Warnings
        logger.Error("operation_failed");                       // Errors
        logger.Critical("system_failure");                      // Critical failures
        logger.Exception(exception, "unhandled_exception");     // ERROR with type, message, stack trace
        #endregion

        Assert.Equal(6, capture.Lines().Count);
    }

    [Fact]
    public void Initialization_in_a_host()
    {
        var output = new MemoryStream();
        var args = Array.Empty<string>();

        #region snippet: logging-init-host
        var options = ObservabilityConfiguration.Load("configs/observability.yaml");

        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.AddAutoTraderLogging(options);
        #endregion

        builder.Logging.AddAutoTraderLogging(options, output); // the test's own output replaces stdout
        using (var host = builder.Build())
        {
            host.Services.GetRequiredService<ILogger<LoggingGuideSnippets>>().Info("started");
        }

        var line = JsonDocument.Parse(System.Text.Encoding.UTF8.GetString(output.ToArray())).RootElement;
        Assert.Equal("started", line.Str("event"));
    }

    [Fact]
    public void Initialization_without_a_host()
    {
        var output = new MemoryStream();

        #region snippet: logging-init-standalone
        var options = ObservabilityConfiguration.Load(path: null); // built-in defaults + environment
        options.Logging.Level = "DEBUG";

        using var loggerFactory = AutoTraderLogging.CreateFactory(options, output);
        var logger = loggerFactory.CreateLogger("AutoTrader.Tools.Backfill");
        logger.Debug("backfill_started", ("days", 30));
        #endregion

        loggerFactory.Dispose(); // writes every queued line
        var line = JsonDocument.Parse(System.Text.Encoding.UTF8.GetString(output.ToArray())).RootElement;
        Assert.Equal(30, line.GetProperty("days").GetInt32());
    }

    [Fact]
    public void Configuration_errors()
    {
        using var written = new StringWriter();
        var standardError = Console.Error;
        Console.SetError(written);
        try
        {
            #region snippet: configuration-errors
            try
            {
                ObservabilityConfiguration.LoadYaml("observability:\n  logging:\n    level: LOUD\n");
            }
            catch (ObservabilityConfigurationException e)
            {
                Console.Error.WriteLine(e.Message);
                // Invalid configuration: observability.logging.level = 'LOUD' (<yaml>:3):
                // allowed values are DEBUG, INFO, WARNING, ERROR, CRITICAL
            }
            #endregion
        }
        finally
        {
            Console.SetError(standardError);
        }

        // The message as the snippet's comment shows it, on one line.
        Assert.Contains(
            "Invalid configuration: observability.logging.level = 'LOUD' (<yaml>:3): allowed values are DEBUG, INFO, WARNING, ERROR, CRITICAL" + Environment.NewLine,
            written.ToString(),
            StringComparison.Ordinal);
    }
}
