namespace AutoTrader.Observability.Metrics;

/// <summary>
/// The API metrics of one method and endpoint (<c>active_api_requests</c>, <c>api_requests_total</c>,
/// <c>api_request_duration_seconds</c>, <c>api_errors_total</c>) with their series resolved once:
/// what a middleware keeps per route, so that a request costs neither the cardinality guard's
/// lookups nor building its tags. Made by <see cref="AutoTraderMetrics.ForApiEndpoint"/>.
/// </summary>
/// <remarks>
/// The counter and histogram series are bound series (<see cref="BoundCounter"/>,
/// <see cref="BoundHistogram"/>): a label set the guard refuses folds into the overflow series with
/// every measurement counted, as the labeled helpers do. The <c>active_api_requests</c> series is
/// resolved only when the guard admits it; otherwise (or while metrics are disabled) a request is
/// tracked through <see cref="AutoTraderMetrics.TrackActiveRequest"/>. Errors are rare and always
/// go through <see cref="AutoTraderMetrics.RecordApiError"/>.
/// </remarks>
public sealed class ApiEndpointMetrics
{
    /// <summary>Status codes whose series are kept; an endpoint that answers with more codes records the rest through the labeled path.</summary>
    private const int MaxStatusCodes = 16;

    private readonly AutoTraderMetrics metrics;
    private readonly CatalogCounter<RouteStatusLabels> requests;
    private readonly BoundHistogram duration;
    private readonly LabeledUpDownGauge.Series? active;
    private readonly Lock gate = new();
    private StatusSeries[] statuses = [];

    internal ApiEndpointMetrics(
        AutoTraderMetrics metrics,
        string method,
        string endpoint,
        CatalogCounter<RouteStatusLabels> requests,
        CatalogHistogram<RouteLabels> duration,
        CatalogUpDownGauge<RouteLabels> active)
    {
        this.metrics = metrics;
        this.requests = requests;
        this.duration = duration.Bind(new(method, endpoint));
        this.active = active.AdmittedSeries(new(method, endpoint));
        Method = method;
        Endpoint = endpoint;
    }

    /// <summary>The <c>method</c> label.</summary>
    public string Method { get; }

    /// <summary>The <c>endpoint</c> label.</summary>
    public string Endpoint { get; }

    /// <summary>Raises <c>active_api_requests</c> until the returned tracker is disposed.</summary>
    public ActiveRequestTracker TrackActiveRequest() => active is null ? metrics.TrackActiveRequest(Method, Endpoint) : new(active);

    /// <summary>One finished request: <c>api_requests_total</c> + 1 with its status code, and its duration observed.</summary>
    public void RecordRequest(int statusCode, double seconds)
    {
        if (RequestSeries(statusCode) is { } series)
        {
            series.Inc();
        }
        else
        {
            metrics.RecordApiRequest(Method, Endpoint, statusCode);
        }

        duration.Observe(seconds);
    }

    /// <summary><c>api_errors_total{error_type}</c> + 1.</summary>
    public void RecordError(string errorType) => metrics.RecordApiError(Method, Endpoint, errorType);

    private BoundCounter? RequestSeries(int statusCode)
    {
        var known = Volatile.Read(ref statuses);
        if (Find(known, statusCode) is { } found)
        {
            return found;
        }

        if (known.Length >= MaxStatusCodes)
        {
            return null;
        }

        lock (gate)
        {
            if (Find(statuses, statusCode) is { } added)
            {
                return added;
            }

            if (statuses.Length >= MaxStatusCodes)
            {
                return null;
            }

            var series = requests.Bind(new(Method, Endpoint, AutoTraderMetrics.StatusCodeLabel(statusCode)));
            Volatile.Write(ref statuses, [.. statuses, new StatusSeries(statusCode, series)]);
            return series;
        }
    }

    // A loop rather than Array.Exists: a lambda capturing the status code would be allocated on every call.
    private static BoundCounter? Find(StatusSeries[] known, int statusCode)
    {
        foreach (var status in known)
        {
            if (status.Code == statusCode)
            {
                return status.Series;
            }
        }

        return null;
    }

    private readonly record struct StatusSeries(int Code, BoundCounter Series);
}
