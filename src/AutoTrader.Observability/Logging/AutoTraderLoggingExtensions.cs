using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

// In the logging namespace, like AddConsole, so that callers need no extra using.
namespace Microsoft.Extensions.Logging;

/// <summary>Sets up the guide's structured logging (its <c>init_logging</c>).</summary>
public static class AutoTraderLoggingExtensions
{
    /// <summary>
    /// Makes <see cref="AutoTraderLoggerProvider"/> the only logger provider, so that the process
    /// writes nothing but lines in the guide's shape, at the configured minimum level. Calling it
    /// again replaces the earlier set-up.
    /// </summary>
    /// <param name="builder">The logging builder.</param>
    /// <param name="options">Validated observability options.</param>
    /// <param name="output">Where lines go; null means standard output.</param>
    public static ILoggingBuilder AddAutoTraderLogging(this ILoggingBuilder builder, ObservabilityOptions options, Stream? output = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.ClearProviders();
        builder.SetMinimumLevel(LogLevelNames.Parse(options.Logging.Level));

        // The generic host adds SpanId/TraceId/ParentId as a scope on every line; ours writes
        // trace_id and span_id itself, in the guide's names, so that scope would only repeat them.
        builder.Services.Configure<LoggerFactoryOptions>(o => o.ActivityTrackingOptions = ActivityTrackingOptions.None);
        builder.Services.RemoveAll<AutoTraderLoggerProvider>(); // called again, the last call wins
        builder.Services.AddSingleton(sp => new AutoTraderLoggerProvider(options, output, sp.GetService<TimeProvider>()));
        builder.Services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<AutoTraderLoggerProvider>());
        return builder;
    }
}
