using AutoTrader.Observability.Logging;
using AutoTrader.Observability.Metrics;
using AutoTrader.Observability.Tracing;
using AutoTrader.Scanner.Scans;
using AutoTrader.Scanner.Sources;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Scanner.Narrative;

/// <summary>
/// Adds a narrative to successful scans through whichever provider is configured, recording the
/// guide's LLM metrics (requests, latency, tokens by type, cost from the price table) and an
/// <c>llm.narrate</c> span. A failed provider, whatever it throws (bar the caller's own
/// cancellation), leaves the scan without a narrative, never failed: the failure is counted,
/// logged as <c>llm_error</c> with its error type, and swallowed.
/// </summary>
public sealed class ObservedNarrator(INarrator inner, IReadOnlyDictionary<string, LlmPrice> prices, AutoTraderMetrics metrics, ILogger logger, TimeProvider time)
{
    private int _unknownPriceLogged;

    /// <summary>The provider's label.</summary>
    public string Provider => inner.Provider;

    /// <summary><paramref name="scan"/> with its narrative, or unchanged when it failed or the provider did.</summary>
    public async Task<ScanResult> AddNarrativeAsync(ScanResult scan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        if (!scan.Succeeded)
        {
            return scan;
        }

        string provider = inner.Provider, model = inner.Model;
        using var span = AutoTraderTracing.TraceOperation("llm.narrate", ("provider", provider), ("model", model), ("token_symbol", scan.Symbol));
        var started = time.GetTimestamp();
        try
        {
            var narrative = await inner.NarrateAsync(scan, cancellationToken).ConfigureAwait(false);
            var cost = Cost(model, narrative.InputTokens, narrative.OutputTokens);
            metrics.RecordLlmRequest(provider, model, "success");
            metrics.RecordLlmLatency(provider, model, time.GetElapsedTime(started).TotalSeconds);
            metrics.RecordLlmTokens(provider, model, "input", narrative.InputTokens);
            metrics.RecordLlmTokens(provider, model, "output", narrative.OutputTokens);
            metrics.RecordLlmCost(provider, model, cost);
            AutoTraderTracing.AddSpanAttributes(("input_tokens", narrative.InputTokens), ("output_tokens", narrative.OutputTokens), ("cost_usd", cost));
            return scan with { Narrative = narrative.Text };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = Typed(e);
            span.Fail(error);
            metrics.RecordLlmRequest(provider, model, "failure");
            metrics.RecordLlmLatency(provider, model, time.GetElapsedTime(started).TotalSeconds);
            logger.LogEvent(LogLevel.Warning, error.ErrorType == "unexpected_error" ? e : null, "llm_error", ("provider", provider), ("model", model), ("token_symbol", scan.Symbol), ("error_type", error.ErrorType), ("error_message", error.Message));
            return scan;
        }
    }

    /// <summary>
    /// <paramref name="e"/> as a typed error. Another type (a defect in the provider's client) is
    /// <c>unexpected_error</c>, described by its type alone: its message may hold anything.
    /// </summary>
    private DataSourceException Typed(Exception e) => e switch
    {
        DataSourceException typed => typed,
        OperationCanceledException => new DataSourceException("timeout", $"{inner.Provider} did not answer in time", e),
        HttpRequestException => new DataSourceException("connection_error", $"{inner.Provider} could not be reached", e),
        _ => new DataSourceException("unexpected_error", $"{inner.Provider} failed unexpectedly ({e.GetType().Name})", e),
    };

    private double Cost(string model, long input, long output)
    {
        if (inner.Provider == "local")
        {
            return 0;
        }

        if (prices.TryGetValue(model, out var price))
        {
            return ((input * price.InputPerMillion) + (output * price.OutputPerMillion)) / 1_000_000;
        }

        if (Interlocked.Exchange(ref _unknownPriceLogged, 1) == 0)
        {
            logger.Warning("llm_price_unknown", ("model", model), ("hint", "add the model under scanner.llm.prices; its cost is counted as 0"));
        }

        return 0;
    }
}
