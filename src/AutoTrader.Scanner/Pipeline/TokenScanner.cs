using AutoTrader.Observability.Logging;
using AutoTrader.Observability.Metrics;
using AutoTrader.Observability.Tracing;
using AutoTrader.Scanner.Market;
using AutoTrader.Scanner.Scans;
using AutoTrader.Scanner.Scoring;
using AutoTrader.Scanner.Sources;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Scanner.Pipeline;

/// <summary>
/// Scans one token: market data and order book in parallel, features, score. Every scan runs in a
/// <c>scan</c> span (data source calls and scoring stages as children), logs <c>scan_started</c>
/// then <c>scan_completed</c> or <c>scan_failed</c>, and records the guide's scanner metrics.
/// </summary>
/// <param name="market">Market data.</param>
/// <param name="books">Order books.</param>
/// <param name="metrics">Where the scanner metrics go.</param>
/// <param name="logger">Where the scan events go.</param>
/// <param name="time">The clock of durations and data age.</param>
/// <param name="watchlist">Tokens that are <c>token_symbol</c> label values from the start; any other becomes one once a source answers for it.</param>
public sealed class TokenScanner(
    IDataSource<MarketQuote> market,
    IDataSource<OrderBook> books,
    AutoTraderMetrics metrics,
    ILogger<TokenScanner> logger,
    TimeProvider time,
    IEnumerable<string>? watchlist = null)
{
    private readonly ConfirmedTokens _confirmed = new(watchlist ?? []);

    /// <summary>The <c>token_symbol</c> label of input that is not a symbol, so that hostile input cannot add series.</summary>
    public const string InvalidSymbolLabel = "invalid";

    /// <summary>The <c>token_symbol</c> label of a symbol no source has answered for yet, so that made-up symbols cannot add series.</summary>
    public const string UnknownSymbolLabel = ConfirmedTokens.UnknownLabel;

    /// <summary>
    /// Scans <paramref name="symbol"/>; failures are returned, not thrown (cancellation is thrown).
    /// A scan of a symbol no source knows fails as <c>not_found</c>, a client error recorded under
    /// <see cref="UnknownSymbolLabel"/>, as invalid input is under <see cref="InvalidSymbolLabel"/>.
    /// </summary>
    public async Task<ScanResult> ScanAsync(string symbol, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var started = time.GetTimestamp();
        if (!TokenSymbol.IsValid(symbol))
        {
            logger.Info("scan_failed", ("token_symbol", symbol), ("error_type", "validation_error"), ("error_message", TokenSymbol.Rule));
            return Fail(InvalidSymbolLabel, symbol, "validation_error", TokenSymbol.Rule, started);
        }

        var token = TokenSymbol.Normalize(symbol);
        using var span = AutoTraderTracing.TraceOperation("scan", ("token_symbol", token));
        try
        {
            return await ScanValidAsync(token, started, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A defect, not an upstream's bad day (sources and the scoring turn those into results):
            // the scan fails, counted and logged with its stack trace, and its caller goes on.
            span.Fail(e);
            logger.Exception(e, "scan_failed", ("token_symbol", token), ("error_type", "internal_error"));
            return Fail(_confirmed.LabelOf(token), token, "internal_error", "the scan failed unexpectedly; the service log has the details", started);
        }
    }

    private async Task<ScanResult> ScanValidAsync(string token, long started, CancellationToken cancellationToken)
    {
        #region snippet: scanner-scan-telemetry
        var log = logger.Bind(("token_symbol", token));
        log.Info("scan_started");

        var quoteCall = Call(market, token, cancellationToken);
        var bookCall = Call(books, token, cancellationToken);
        var (quote, quoteError) = await quoteCall.ConfigureAwait(false);
        var (book, bookError) = await bookCall.ConfigureAwait(false);

        if (quoteError is not null && bookError is not null)
        {
            log.Error("scan_failed", ("error_type", quoteError.ErrorType), ("error_message", quoteError.Message), ("order_book_error", bookError.Message));
            return Fail(_confirmed.LabelOf(token), token, quoteError.ErrorType, quoteError.Message, started);
        }

        if (quote is null && book is null)
        {
            var message = $"no source knows {token}";
            log.Info("scan_failed", ("error_type", "not_found"), ("error_message", message));
            return Fail(UnknownSymbolLabel, token, "not_found", message, started);
        }

        _confirmed.Confirm(token);

        TokenScore score;
        using (AutoTraderTracing.TraceOperation("scan.score"))
        {
            score = GemScoreCalculator.Score(FeatureExtractor.Extract(quote, book, time.GetUtcNow()));
        }

        var degradedBy = quoteError ?? bookError;
        var seconds = time.GetElapsedTime(started).TotalSeconds;
        metrics.RecordScanRequest(token, ScanResult.Success);
        metrics.RecordScanDuration(token, seconds, ScanResult.Success);
        metrics.RecordGemScore(token, score.GemScore);
        metrics.RecordConfidenceScore(token, score.Confidence);
        foreach (var flag in score.Flags)
        {
            metrics.RecordFlaggedToken(token, flag.Name);
        }

        AutoTraderTracing.AddSpanAttributes(("gem_score", score.GemScore), ("confidence", score.Confidence), ("degraded", degradedBy is not null));
        log.Info(
            "scan_completed",
            ("gem_score", score.GemScore),
            ("confidence", score.Confidence),
            ("duration_seconds", Math.Round(seconds, 4)),
            ("flags", string.Join(',', score.Flags.Select(f => f.Name))),
            ("degraded", degradedBy is not null));
        return new ScanResult(token, ScanResult.Success, score, quote, book, degradedBy is not null, null, degradedBy?.Message, seconds, AutoTraderTracing.GetTraceId());
        #endregion
    }

    private static async Task<(T? Value, DataSourceException? Error)> Call<T>(IDataSource<T> source, string token, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return (await source.FetchAsync(token, cancellationToken).ConfigureAwait(false), null);
        }
        catch (DataSourceException e)
        {
            return (null, e);
        }
    }

    private ScanResult Fail(string label, string symbol, string errorType, string message, long started)
    {
        var seconds = time.GetElapsedTime(started).TotalSeconds;
        metrics.RecordScanRequest(label, ScanResult.Failure);
        metrics.RecordScanDuration(label, seconds, ScanResult.Failure);
        metrics.RecordScanError(label, errorType);
        return new ScanResult(symbol, ScanResult.Failure, null, null, null, false, errorType, message, seconds, AutoTraderTracing.GetTraceId());
    }
}
