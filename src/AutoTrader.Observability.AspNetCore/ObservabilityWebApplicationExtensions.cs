using AutoTrader.Observability.AspNetCore;
using AutoTrader.Observability.AspNetCore.Health;
using AutoTrader.Observability.AspNetCore.Tracing;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tracing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

#pragma warning disable IDE0130 // In ASP.NET Core's namespace, as MapDefaultEndpoints and UseRouting are, so callers need no extra using.
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>The one call that observes an ASP.NET Core application.</summary>
public static class ObservabilityWebApplicationExtensions
{
    /// <summary>
    /// Adds, in this order, the request span (a server span per sampled request, continuing the
    /// caller's W3C trace), routing, the API metrics (<c>api_requests_total</c> and its family,
    /// labelled with the route template) and the <c>http_request</c> access-log line; then maps
    /// the Prometheus scrape at <c>metrics.path</c> (when <c>metrics.enabled</c>) and the health
    /// endpoints <c>health.liveness_endpoint</c> and <c>health.endpoint</c> (when
    /// <c>health.enabled</c>). Call it before the application's own middleware and endpoints.
    /// Needs <c>builder.AddAutoTraderObservability()</c>.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <param name="configure">Changes to the defaults, such as paths left out or a port of its own for the scrape.</param>
    /// <returns><paramref name="app"/>.</returns>
    /// <exception cref="InvalidOperationException">The host was not built with <c>AddAutoTraderObservability</c>.</exception>
    /// <exception cref="ObservabilityConfigurationException"><c>metrics.web</c> is invalid (options built in code rather than loaded).</exception>
    public static WebApplication MapAutoTraderObservability(this WebApplication app, Action<AutoTraderWebOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetService<ObservabilityOptions>()
            ?? throw new InvalidOperationException("MapAutoTraderObservability needs the host's observability: call builder.AddAutoTraderObservability() before builder.Build().");
        var web = new AutoTraderWebOptions(options);
        configure?.Invoke(web);
        PathString[] excluded = [.. web.ExcludedPaths.Select(p => new PathString(p))];
        var scrape = options.Metrics.Enabled ? ScrapeEndpoint.For(options.Metrics) : null;

        if (scrape is not null && web.MetricsPort is { } metricsPort)
        {
            app.UseMiddleware<MetricsPortMiddleware>(metricsPort, new PathString(options.Metrics.Path), scrape);
        }

        var sampling = new ServerRequestSampling(options.Tracing);
        if (web.InstrumentRequests && sampling.RecordsAnything)
        {
            app.UseMiddleware<RequestSpanMiddleware>(excluded, sampling);
        }

        if (web.ExceptionHandler is { } handler)
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = handler });
        }

        app.UseRouting();
        if (web.InstrumentRequests)
        {
            app.UseMiddleware<ApiMetricsMiddleware>(excluded);
            app.UseMiddleware<RequestLoggingMiddleware>(excluded);
        }

        if (scrape is not null && web.MetricsPort is null)
        {
            app.MapMethods(options.Metrics.Path, ScrapeEndpoint.Methods, scrape).WithDisplayName(ScrapeEndpoint.DisplayName);
        }

        if (options.Health.Enabled)
        {
            HealthEndpoints.Map(app, options);
        }

        return app;
    }
}
