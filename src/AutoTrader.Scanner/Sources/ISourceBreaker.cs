using AutoTrader.Observability.Metrics;

namespace AutoTrader.Scanner.Sources;

/// <summary>A source endpoint's circuit breaker as the health checks see it.</summary>
public interface ISourceBreaker
{
    /// <summary>The <c>source</c> label, such as <c>coingecko</c>.</summary>
    string Source { get; }

    /// <summary>The <c>endpoint</c> label, such as <c>/coins/markets</c>.</summary>
    string Endpoint { get; }

    /// <summary>The breaker's current state.</summary>
    CircuitBreakerState BreakerState { get; }
}
