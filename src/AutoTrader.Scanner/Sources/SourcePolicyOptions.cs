namespace AutoTrader.Scanner.Sources;

/// <summary>How each source endpoint is cached and protected.</summary>
public sealed class SourcePolicyOptions
{
    /// <summary>How long an answer is served from the cache. Default value: 30 s.</summary>
    public TimeSpan CacheTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most symbols cached per endpoint; past it expired entries go first, then all. Default value: 1024.</summary>
    public int CacheCapacity { get; init; } = 1024;

    /// <summary>Longest a call may take before it fails as <c>timeout</c>. Default value: 10 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Share of failed calls in <see cref="SamplingDuration"/> that opens the breaker. Default value: 0.5.</summary>
    public double FailureRatio { get; init; } = 0.5;

    /// <summary>Calls needed in <see cref="SamplingDuration"/> before the breaker may open. Default value: 4.</summary>
    public int MinimumThroughput { get; init; } = 4;

    /// <summary>Window over which failures are counted. Default value: 30 s.</summary>
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open breaker rejects calls before it lets one through. Default value: 15 s.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(15);
}
