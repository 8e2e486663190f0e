using AutoTrader.Observability.Configuration;
using Microsoft.AspNetCore.Http;

namespace AutoTrader.Observability.AspNetCore;

/// <summary>
/// What <c>MapAutoTraderObservability</c> adds to an ASP.NET Core application, beyond what the
/// <c>observability</c> configuration says.
/// </summary>
public sealed class AutoTraderWebOptions
{
    /// <param name="options">The observability options the defaults come from.</param>
    public AutoTraderWebOptions(ObservabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ExcludedPaths = [options.Metrics.Path, options.Health.Endpoint, options.Health.LivenessEndpoint];
    }

    /// <summary>
    /// Path prefixes (whole segments, case-insensitive) whose requests are neither traced, counted
    /// in the API metrics, nor written to the access log: one list for the three, so that a probe
    /// is left out of all or of none. Default value: <c>metrics.path</c>, <c>health.endpoint</c>
    /// and <c>health.liveness_endpoint</c>.
    /// </summary>
    public IList<string> ExcludedPaths { get; }

    /// <summary>
    /// Whether requests get a server span, the API metrics and an access-log line. Off, the
    /// application is served bare, with the scrape and health endpoints only. Default value: true.
    /// </summary>
    public bool InstrumentRequests { get; set; } = true;

    /// <summary>
    /// The local port of a Kestrel listener of its own for the scrape: connections on it get the
    /// scrape at <c>metrics.path</c> and 404 for anything else, and the scrape path is not mapped
    /// on the other ports. Null (the default) maps the scrape on every port.
    /// </summary>
    public int? MetricsPort { get; set; }

    /// <summary>
    /// Answers a request whose handler threw, as <c>UseExceptionHandler</c> does, placed inside the
    /// request span (so that the lines it logs carry the request's trace id) and outside routing,
    /// the API metrics and the access log (which record the route and the exception's type).
    /// Default value: null (no handler; the server answers 500).
    /// </summary>
    public RequestDelegate? ExceptionHandler { get; set; }
}
