using System.IO.Compression;
using AutoTrader.Observability.AspNetCore.Authentication;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics.Exposition;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.AspNetCore;

/// <summary>
/// The Prometheus scrape endpoint: <c>GET metrics.path</c> (and HEAD) answers with the metrics
/// registered by <c>AddAutoTraderMetrics</c>, Prometheus text 0.0.4 by default, OpenMetrics 1.0.0
/// when the Accept header prefers it, gzip when Accept-Encoding allows it; behind the
/// authentication <c>metrics.web</c> configures, a scrape without the right basic credentials or
/// bearer token is answered 401 with a <c>WWW-Authenticate</c> challenge and no body. TLS is the
/// listener's: <c>UseAutoTraderMetricsTls</c>.
/// </summary>
internal static class ScrapeEndpoint
{
    /// <summary>The methods the endpoint answers.</summary>
    public static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>The endpoint's display name.</summary>
    public const string DisplayName = "AutoTrader metrics";

    /// <summary>The request handler <paramref name="options"/> asks for.</summary>
    /// <exception cref="ObservabilityConfigurationException"><c>metrics.web</c> is invalid (options built in code rather than loaded).</exception>
    public static RequestDelegate For(MetricsOptions options)
    {
        var check = ScrapeCredentialCheck.For(options.Web);
        return check is null ? ServeAsync : context => ServeAuthenticatedAsync(context, check);
    }

    /// <summary>Serves the scrape when <paramref name="check"/> grants it, else answers 401 with the challenge, or 503 when busy.</summary>
    public static async Task ServeAuthenticatedAsync(HttpContext context, ScrapeCredentialCheck check)
    {
        var access = await check.CheckAsync(context.Request.Headers.Authorization.ToString(), context.RequestAborted).ConfigureAwait(false);
        switch (access)
        {
            case ScrapeAccess.Granted:
                await ServeAsync(context).ConfigureAwait(false);
                break;
            case ScrapeAccess.Busy:
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = check.Challenge;
                break;
        }
    }

    private static async Task ServeAsync(HttpContext context)
    {
        var services = context.RequestServices;

        // Resolving the provider starts it when no host did (e.g. a bare WebApplication in a test).
        _ = services.GetService<MeterProvider>();
        var scraper = services.GetRequiredService<MetricsScraper>();
        var request = context.Request;
        var response = context.Response;
        var format = ExpositionFormats.Negotiate(request.Headers.Accept.ToString());
        var gzip = AcceptsGzip(request.Headers.AcceptEncoding);

        response.ContentType = ExpositionFormats.ContentType(format);
        response.Headers.Vary = "Accept, Accept-Encoding";
        response.Headers.CacheControl = "no-store";
        if (!gzip)
        {
            if (!await scraper.WriteAsync(response.Body, format, context.RequestAborted).ConfigureAwait(false))
            {
                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            }

            return;
        }

        // The payload is compressed into memory first so that a failed collection can still answer 503.
        using var compressed = new MemoryStream();
        bool collected;
        await using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            collected = await scraper.WriteAsync(zip, format, context.RequestAborted).ConfigureAwait(false);
        }

        if (!collected)
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        response.Headers.ContentEncoding = "gzip";
        response.ContentLength = compressed.Length;
        await response.Body.WriteAsync(compressed.GetBuffer().AsMemory(0, (int)compressed.Length), context.RequestAborted).ConfigureAwait(false);
    }

    private static bool AcceptsGzip(StringValues acceptEncoding)
    {
        foreach (var header in acceptEncoding)
        {
            foreach (var coding in (header ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = coding.Split(';', StringSplitOptions.TrimEntries);
                if (parts[0].Equals("gzip", StringComparison.OrdinalIgnoreCase) || parts[0] == "*")
                {
                    return !parts.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "q=0" or "q=0.0" or "q=0.00" or "q=0.000");
                }
            }
        }

        return false;
    }
}
