using System.Net;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tests.Configuration;
using Xunit.Abstractions;

namespace AutoTrader.Observability.AspNetCore.Tests;

/// <summary>
/// A real Prometheus scrapes the endpoint over TLS with the credentials of <c>metrics.web</c>:
/// the job with them is up and its samples arrive, the jobs without them or with wrong ones are down.
/// </summary>
public sealed class PrometheusProtectedScrapeTests(ITestOutputHelper output) : IDisposable
{
    private const string Password = "correct-horse-battery";
    private const string Token = "7f3c9e1a5b2d4f6081a3c5e7f9b1d3e5";

    private readonly TestCertificateFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Prometheus_with_the_ca_and_the_password_scrapes_over_tls_and_without_them_is_down()
    {
        var options = WithTls();
        options.Metrics.Web.BasicAuthUsers["prometheus"] = BCrypt.Net.BCrypt.HashPassword(Password, 10);
        await using var host = await TestMetricsHost.StartAsync(options);
        RecordScans(host, 3);

        await using var prometheus = await RealPrometheus.StartAsync(output, Job("with_credentials", host, $"basic_auth: {{ username: prometheus, password: {Password} }}")
            + Job("wrong_password", host, "basic_auth: { username: prometheus, password: wrong }")
            + Job("without_credentials", host, ""));
        if (prometheus is null)
        {
            return;
        }

        await prometheus.QueryUntilPresentAsync("up{job=\"with_credentials\"} == 1");
        var scans = await prometheus.QueryUntilPresentAsync("scan_requests_total{job=\"with_credentials\",token_symbol=\"BTC\"}");
        await prometheus.QueryUntilPresentAsync("up{job=\"wrong_password\"} == 0");
        await prometheus.QueryUntilPresentAsync("up{job=\"without_credentials\"} == 0");
        using var client = new HttpClient(_files.TrustingHandler());

        Assert.Equal(3, scans.Value);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(host.MetricsUri)).StatusCode);
    }

    [Fact]
    public async Task Prometheus_with_the_bearer_token_scrapes_over_tls_and_without_it_is_down()
    {
        var options = WithTls();
        var tokenFile = _files.WriteFile("token", Token + "\n");
        options.Metrics.Web.BearerTokenFile = tokenFile;
        await using var host = await TestMetricsHost.StartAsync(options);
        RecordScans(host, 2);

        await using var prometheus = await RealPrometheus.StartAsync(output, Job("with_token", host, $"authorization: {{ type: Bearer, credentials: {Token} }}")
            + Job("with_token_file", host, $"authorization: {{ type: Bearer, credentials_file: '{tokenFile}' }}")
            + Job("without_token", host, ""));
        if (prometheus is null)
        {
            return;
        }

        await prometheus.QueryUntilPresentAsync("up{job=\"with_token\"} == 1");
        await prometheus.QueryUntilPresentAsync("up{job=\"with_token_file\"} == 1");
        var scans = await prometheus.QueryUntilPresentAsync("scan_requests_total{job=\"with_token\",token_symbol=\"BTC\"}");
        await prometheus.QueryUntilPresentAsync("up{job=\"without_token\"} == 0");
        using var client = new HttpClient(_files.TrustingHandler());

        Assert.Equal(2, scans.Value);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(host.MetricsUri)).StatusCode);
    }

    private ObservabilityOptions WithTls()
    {
        var options = new ObservabilityOptions();
        options.Metrics.Web.TlsServerConfig.CertFile = _files.CertFile;
        options.Metrics.Web.TlsServerConfig.KeyFile = _files.KeyFile;
        return options;
    }

    private static void RecordScans(TestMetricsHost host, int count)
    {
        for (var i = 0; i < count; i++)
        {
            host.Metrics.RecordScanRequest("BTC", "success");
        }
    }

    /// <summary>A scrape job of the host over https, trusting the test certificate, with <paramref name="credentials"/> (YAML, or empty).</summary>
    private string Job(string name, TestMetricsHost host, string credentials) => $$"""
          - job_name: {{name}}
            scheme: https
            tls_config: { ca_file: '{{_files.CertFile}}' }
            {{credentials}}
            static_configs:
              - targets: ['{{host.BaseAddress.Authority}}']

        """;
}
