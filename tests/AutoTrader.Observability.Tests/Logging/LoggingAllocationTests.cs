using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Tests.Logging;

/// <summary>What a structured event costs its caller, measured with the thread's allocation counter (not timed).</summary>
public sealed class LoggingAllocationTests
{
    [Fact]
    public void With_OTLP_logs_off_a_structured_event_allocates_nothing_on_the_caller()
    {
        var options = new ObservabilityOptions();
        options.Logging.QueueCapacityBytes = 64 * 1024 * 1024;
        using var services = new ServiceCollection().AddLogging(b => b.AddAutoTraderLogging(options, Stream.Null)).BuildServiceProvider();
        var provider = services.GetRequiredService<AutoTraderLoggerProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("AutoTrader.Scanner");
        void Log() => logger.Info("scan_completed", ("token_symbol", "BTC"), ("count", 42), ("gem_score", 85.5), ("cached", true));

        // A round allocates when the writer falls behind and its pool of entries grows; once it has
        // grown, rounds allocate nothing: the least of five is what an event costs.
        var rounds = AllocationRounds.Of(Log, afterRound: () => Assert.True(provider.Flush(TimeSpan.FromSeconds(10))));

        Assert.True(rounds.Min() == 0, "bytes allocated per round of 1000 events: " + string.Join(", ", rounds));
    }
}
