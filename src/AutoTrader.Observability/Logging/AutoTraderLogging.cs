using AutoTrader.Observability.Configuration;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Logging;

/// <summary>Structured logging for code that has no host or dependency injection.</summary>
public static class AutoTraderLogging
{
    /// <summary>
    /// The guide's <c>init_logging</c>: a logger factory whose loggers write the guide's lines.
    /// Dispose it at exit to write every queued line.
    /// </summary>
    /// <param name="options">Validated observability options.</param>
    /// <param name="output">Where lines go; null means standard output.</param>
    public static ILoggerFactory CreateFactory(ObservabilityOptions options, Stream? output = null) =>
        LoggerFactory.Create(builder => builder.AddAutoTraderLogging(options, output));
}
