namespace AutoTrader.Observability.Metrics;

/// <summary>The values of <c>circuit_breaker_state</c>.</summary>
public enum CircuitBreakerState
{
    /// <summary>Requests flow (0).</summary>
    Closed = 0,

    /// <summary>Requests are refused (1).</summary>
    Open = 1,

    /// <summary>A trial request is allowed (2).</summary>
    HalfOpen = 2,
}
