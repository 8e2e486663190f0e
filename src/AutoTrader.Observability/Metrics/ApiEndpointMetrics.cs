namespace AutoTrader.Observability.Metrics;

/// <summary>
/// The API metrics of one method and endpoint (<c>active_api_requests</c>, <c>api_requests_total</c>,
/// <c>api_request_duration_seconds</c>, <c>api_errors_total</c>) with their series resolved once:
/// what a middleware keeps per route, so that a request costs neither the cardinality guard's
/// lookups nor building its tags. Made by <see cref="AutoTraderMetrics.ForApiEndpoint"/>.
/// </summary>
/// <remarks>
/// A series is resolved only when the guard admits its label set; one that would fold (or any,
/// while metrics are disabled) is recorded through the labeled helpers every time, exactly as
/// <see cref="AutoTraderMetrics.RecordApiRequest"/> and the others do, so every folded measurement
/// is still counted. Errors are rare and always go through <see cref="AutoTraderMetrics.RecordApiError"/>.
/// </remarks>
public sealed class ApiEndpointMetrics
{
    /// <summary>Status codes whose series are kept; an endpoint that answers with more codes records the rest through the labeled path.</summary>
    private const int MaxStatusCodes = 16;

    private readonly AutoTraderMetrics metrics;
    private readonly LabeledCounter requests;
    private readonly LabeledHistogram duration;
    private readonly KeyValuePair<string, object?>[]? durationTags;
    private readonly LabeledUpDownCounter.Series? active;
    private readonly Lock gate = new();
    private StatusSeries[] statuses = [];

    internal ApiEndpointMetrics(
        AutoTraderMetrics metrics,
        string method,
        string endpoint,
        LabeledCounter requests,
        LabeledHistogram duration,
        LabeledUpDownCounter active)
    {
        this.metrics = metrics;
        this.requests = requests;
        this.duration = duration;
        durationTags = duration.AdmittedTags(method, endpoint);
        this.active = active.AdmittedSeries(method, endpoint);
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
        if (RequestTags(statusCode) is { } tags)
        {
            requests.AddAdmitted(1, tags);
        }
        else
        {
            metrics.RecordApiRequest(Method, Endpoint, statusCode);
        }

        if (durationTags is not null)
        {
            duration.ObserveAdmitted(seconds, durationTags);
        }
        else
        {
            metrics.RecordApiDuration(Method, Endpoint, seconds);
        }
    }

    /// <summary><c>api_errors_total{error_type}</c> + 1.</summary>
    public void RecordError(string errorType) => metrics.RecordApiError(Method, Endpoint, errorType);

    private KeyValuePair<string, object?>[]? RequestTags(int statusCode)
    {
        var known = Volatile.Read(ref statuses);
        if (Find(known, statusCode) is { } found)
        {
            return found;
        }

        if (known.Length >= MaxStatusCodes || requests.AdmittedTags(Method, Endpoint, AutoTraderMetrics.StatusCodeLabel(statusCode)) is not { } tags)
        {
            return null;
        }

        lock (gate)
        {
            if (statuses.Length < MaxStatusCodes && Find(statuses, statusCode) is null)
            {
                Volatile.Write(ref statuses, [.. statuses, new StatusSeries(statusCode, tags)]);
            }
        }

        return tags;
    }

    // A loop rather than Array.Exists: a lambda capturing the status code would be allocated on every call.
    private static KeyValuePair<string, object?>[]? Find(StatusSeries[] known, int statusCode)
    {
        foreach (var status in known)
        {
            if (status.Code == statusCode)
            {
                return status.Tags;
            }
        }

        return null;
    }

    private readonly record struct StatusSeries(int Code, KeyValuePair<string, object?>[] Tags);
}
