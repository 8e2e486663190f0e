using AutoTrader.Observability.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;

#pragma warning disable IDE0130 // In Kestrel's namespace, as UseHttps is, so callers need no extra using.
namespace Microsoft.AspNetCore.Hosting;
#pragma warning restore IDE0130

/// <summary>Serves the metrics port over TLS when <c>metrics.web.tls_server_config</c> says so.</summary>
public static class MetricsTlsListenOptionsExtensions
{
    /// <summary>
    /// Makes <paramref name="listen"/> HTTPS-only with the PEM certificate and key of
    /// <c>metrics.web.tls_server_config</c>, read now; leaves it plain HTTP when neither is set.
    /// A renewed certificate takes effect at the next start.
    /// </summary>
    /// <param name="listen">The metrics port's listener.</param>
    /// <param name="options">The <c>observability.metrics</c> section.</param>
    /// <returns><paramref name="listen"/>.</returns>
    /// <exception cref="ObservabilityConfigurationException"><c>metrics.web</c> is invalid (options built in code rather than loaded).</exception>
    public static ListenOptions UseAutoTraderMetricsTls(this ListenOptions listen, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Web.TlsServerConfig.Enabled)
        {
            return listen;
        }

        options.Web.ThrowIfInvalid();
        return listen.UseHttps(options.Web.TlsServerConfig.LoadCertificate());
    }
}
