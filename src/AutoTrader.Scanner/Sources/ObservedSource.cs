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
/// Breaker state, trips and recoveries come from Polly's own state-change callbacks. Whatever the
/// inner source throws (bar the caller's own cancellation) is counted, logged, seen by the breaker
/// and rethrown as a <see cref="DataSourceException"/>.
/// </summary>
public sealed class ObservedSource<T> : IDataSource<T>, ISourceBreaker
    where T : class
{
    private readonly IDataSource<T> _inner;
    private readonly AutoTraderMetrics _metrics;
    private readonly DataSourceMetrics _sourceMetrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TtlCache<T> _cache;
    private readonly ResiliencePipeline<T?> _pipeline;
    private readonly CircuitBreakerStateProvider _breaker = new();
    private readonly Lock _transitionLock = new();
    private CircuitBreakerState _lastTransition = CircuitBreakerState.Closed;
    private int _stateReported;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public ObservedSource(IDataSource<T> inner, SourcePolicyOptions policy, AutoTraderMetrics metrics, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(metrics);
        _inner = inner;
        _metrics = metrics;
        _sourceMetrics = metrics.ForDataSource(inner.Source, inner.Endpoint);
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
                // Every failure counts, typed or not, except the caller's own cancellation.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && !IsCallerCancellation(e, args.Context.CancellationToken)),
                StateProvider = _breaker,
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

    /// <summary>
    /// The breaker's state now, as Polly holds it. An open breaker stays <see cref="CircuitBreakerState.Open"/>
    /// past its break until the next call finds the break over and half-opens it.
    /// </summary>
    public CircuitBreakerState BreakerState => _breaker.CircuitState switch
    {
        CircuitState.Closed => CircuitBreakerState.Closed,
        CircuitState.HalfOpen => CircuitBreakerState.HalfOpen,
        _ => CircuitBreakerState.Open,
    };

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
            _sourceMetrics.RecordCacheHit();
            return cached;
        }

        _sourceMetrics.RecordCacheMiss();
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
        catch (Exception e) when (!IsCallerCancellation(e, cancellationToken))
        {
            var error = Typed(e);
            span.Fail(error);
            Record("failure", started);
            _sourceMetrics.RecordError(error.ErrorType);
            _logger.LogEvent(LogLevel.Warning, error.ErrorType == "unexpected_error" ? e : null, "data_source_error", ("source", Source), ("endpoint", Endpoint), ("token_symbol", symbol), ("error_type", error.ErrorType), ("error_message", error.Message));
            throw error;
        }
        #endregion
    }

    private static bool IsCallerCancellation(Exception e, CancellationToken cancellationToken) =>
        e is OperationCanceledException && cancellationToken.IsCancellationRequested;

    /// <summary>
    /// <paramref name="e"/> as the typed error callers get. An exception of another type (a defect
    /// in a source) is <c>unexpected_error</c>, described by its type alone: its message may hold
    /// anything, an upstream URL included.
    /// </summary>
    private DataSourceException Typed(Exception e) => e switch
    {
        DataSourceException typed => typed,
        BrokenCircuitException => new DataSourceException("circuit_open", $"{Source} {Endpoint}: the circuit breaker is open", e),
        TimeoutRejectedException => new DataSourceException("timeout", $"{Source} {Endpoint}: {e.Message}", e),
        OperationCanceledException => new DataSourceException("timeout", $"{Source} {Endpoint}: the call was cancelled before it completed", e),
        _ => new DataSourceException("unexpected_error", $"{Source} {Endpoint} failed unexpectedly ({e.GetType().Name})", e),
    };

    private void Record(string status, long started) => _sourceMetrics.RecordRequest(status, _time.GetElapsedTime(started).TotalSeconds);

    /// <summary>
    /// Polly calls back on every transition, one callback at a time in transition order, but its
    /// "opened" means closed → open and half-open → open alike. A trip is the first only, a
    /// recovery is back to closed, so that trips − recoveries is 1 while the breaker is not closed.
    /// </summary>
    private ValueTask OnStateChanged(CircuitBreakerState state, TimeSpan? breakDuration)
    {
        CircuitBreakerState previous;
        lock (_transitionLock)
        {
            previous = _lastTransition;
            _lastTransition = state;
        }

        _metrics.SetCircuitBreakerState(Source, Endpoint, state);
        switch (state)
        {
            case CircuitBreakerState.Open when previous == CircuitBreakerState.Closed:
                _metrics.RecordCircuitBreakerTrip(Source, Endpoint);
                _logger.Warning("circuit_breaker_opened", ("source", Source), ("endpoint", Endpoint), ("break_seconds", breakDuration?.TotalSeconds ?? 0));
                break;
            case CircuitBreakerState.Open:
                _logger.Warning("circuit_breaker_reopened", ("source", Source), ("endpoint", Endpoint), ("break_seconds", breakDuration?.TotalSeconds ?? 0));
                break;
            case CircuitBreakerState.Closed when previous != CircuitBreakerState.Closed:
                _metrics.RecordCircuitBreakerRecovery(Source, Endpoint);
                _logger.Info("circuit_breaker_closed", ("source", Source), ("endpoint", Endpoint));
                break;
            case CircuitBreakerState.HalfOpen:
                _logger.Info("circuit_breaker_half_open", ("source", Source), ("endpoint", Endpoint));
                break;
        }

        return ValueTask.CompletedTask;
    }
}
