using AutoTrader.Observability.Logging;
using AutoTrader.Observability.Metrics;
using AutoTrader.Observability.Tracing;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace AutoTrader.Scanner.Sources;

/// <summary>
/// A source endpoint behind its cache, a timeout and a circuit breaker (Polly), recording the
/// guide's data source and circuit breaker metrics, a span per call and a log line per failure.
/// Breaker state, trips and recoveries come from Polly's own state-change callbacks.
/// </summary>
public sealed class ObservedSource<T> : IDataSource<T>, ISourceBreaker
    where T : class
{
    private readonly IDataSource<T> _inner;
    private readonly AutoTraderMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TtlCache<T> _cache;
    private readonly ResiliencePipeline<T?> _pipeline;
    private int _stateReported;
    private int _state;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public ObservedSource(IDataSource<T> inner, SourcePolicyOptions policy, AutoTraderMetrics metrics, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(policy);
        _inner = inner;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _cache = new TtlCache<T>(policy.CacheTtl, policy.CacheCapacity, time);
        _pipeline = new ResiliencePipelineBuilder<T?> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<T?>
            {
                FailureRatio = policy.FailureRatio,
                MinimumThroughput = policy.MinimumThroughput,
                SamplingDuration = policy.SamplingDuration,
                BreakDuration = policy.BreakDuration,
                ShouldHandle = new PredicateBuilder<T?>().Handle<DataSourceException>().Handle<TimeoutRejectedException>(),
                OnOpened = args => OnStateChanged(CircuitBreakerState.Open, args.BreakDuration),
                OnHalfOpened = _ => OnStateChanged(CircuitBreakerState.HalfOpen, null),
                OnClosed = _ => OnStateChanged(CircuitBreakerState.Closed, null),
            })
            .AddTimeout(policy.Timeout)
            .Build();
    }

    /// <inheritdoc />
    public string Source => _inner.Source;

    /// <inheritdoc />
    public string Endpoint => _inner.Endpoint;

    /// <inheritdoc />
    public CircuitBreakerState BreakerState => (CircuitBreakerState)Volatile.Read(ref _state);

    /// <inheritdoc />
    public async Task<T?> FetchAsync(string symbol, CancellationToken cancellationToken)
    {
        // The closed state is reported on first use rather than at construction, which can come
        // before the host has started the metrics pipeline.
        if (Interlocked.Exchange(ref _stateReported, 1) == 0)
        {
            _metrics.SetCircuitBreakerState(Source, Endpoint, CircuitBreakerState.Closed);
        }

        #region snippet: scanner-source-telemetry
        if (_cache.TryGet(symbol, out var cached))
        {
            _metrics.RecordCacheHit(Source, Endpoint);
            return cached;
        }

        _metrics.RecordCacheMiss(Source, Endpoint);
        using var span = AutoTraderTracing.TraceOperation("data_source.fetch", ("source", Source), ("endpoint", Endpoint), ("token_symbol", symbol));
        var started = _time.GetTimestamp();
        try
        {
            var value = await _pipeline.ExecuteAsync(
                static async (state, ct) => await state.Inner.FetchAsync(state.Symbol, ct).ConfigureAwait(false),
                (Inner: _inner, Symbol: symbol),
                cancellationToken).ConfigureAwait(false);
            Record("success", started);
            AutoTraderTracing.AddSpanAttributes(("found", value is not null));
            if (value is not null)
            {
                _cache.Set(symbol, value);
            }

            return value;
        }
        catch (Exception e) when (Classify(e) is { } errorType)
        {
            span.Fail(e);
            Record("failure", started);
            _metrics.RecordDataSourceError(Source, Endpoint, errorType);
            _logger.Warning("data_source_error", ("source", Source), ("endpoint", Endpoint), ("token_symbol", symbol), ("error_type", errorType), ("error_message", e.Message));
            throw e as DataSourceException ?? new DataSourceException(errorType, $"{Source} {Endpoint}: {e.Message}", e);
        }
        #endregion
    }

    private static string? Classify(Exception e) => e switch
    {
        DataSourceException d => d.ErrorType,
        BrokenCircuitException => "circuit_open",
        TimeoutRejectedException => "timeout",
        _ => null,
    };

    private void Record(string status, long started)
    {
        _metrics.RecordDataSourceRequest(Source, Endpoint, status);
        _metrics.RecordDataSourceLatency(Source, Endpoint, _time.GetElapsedTime(started).TotalSeconds);
    }

    private ValueTask OnStateChanged(CircuitBreakerState state, TimeSpan? breakDuration)
    {
        Volatile.Write(ref _state, (int)state);
        _metrics.SetCircuitBreakerState(Source, Endpoint, state);
        switch (state)
        {
            case CircuitBreakerState.Open:
                _metrics.RecordCircuitBreakerTrip(Source, Endpoint);
                _logger.Warning("circuit_breaker_opened", ("source", Source), ("endpoint", Endpoint), ("break_seconds", breakDuration?.TotalSeconds ?? 0));
                break;
            case CircuitBreakerState.Closed:
                _metrics.RecordCircuitBreakerRecovery(Source, Endpoint);
                _logger.Info("circuit_breaker_closed", ("source", Source), ("endpoint", Endpoint));
                break;
            default:
                _logger.Info("circuit_breaker_half_open", ("source", Source), ("endpoint", Endpoint));
                break;
        }

        return ValueTask.CompletedTask;
    }
}
