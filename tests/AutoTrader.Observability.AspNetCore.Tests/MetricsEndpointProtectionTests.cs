using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AutoTrader.Observability.AspNetCore.Authentication;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Tests.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace AutoTrader.Observability.AspNetCore.Tests;

/// <summary><c>metrics.web</c> on a real Kestrel: TLS on the listener, basic or bearer authentication on the endpoint only.</summary>
public sealed class MetricsEndpointProtectionTests : IDisposable
{
    private const string Password = "correct-horse-battery";
    private const string Token = "7f3c9e1a5b2d4f6081a3c5e7f9b1d3e5";

    private readonly TestCertificateFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Basic_auth_serves_the_right_password_and_answers_401_with_a_challenge_otherwise()
    {
        await using var host = await TestMetricsHost.StartAsync(WithUsers(("prometheus", BCrypt.Net.BCrypt.HashPassword(Password, 4))));
        host.Metrics.RecordScanRequest("BTC", "success");
        using var client = new HttpClient();

        using var granted = await GetAsync(client, host, Basic("prometheus", Password));
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Contains("scan_requests_total{", await granted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        foreach (var authorization in new AuthenticationHeaderValue?[]
        {
            null, Basic("prometheus", "wrong"), Basic("prometheus", Password + "x"), Basic("Prometheus", Password), Basic("grafana", Password),
            new("Basic", "not base64!"), new("Basic", Convert.ToBase64String("no-colon"u8.ToArray())), new("Bearer", Password),
        })
        {
            using var denied = await GetAsync(client, host, authorization);
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
            Assert.Equal("Basic realm=\"AutoTrader metrics\", charset=\"UTF-8\"", denied.Headers.WwwAuthenticate.ToString());
            Assert.Equal(0, denied.Content.Headers.ContentLength);
        }
    }

    [Fact]
    public async Task A_bearer_token_serves_the_right_token_and_answers_401_with_a_challenge_otherwise()
    {
        var options = new ObservabilityOptions();
        options.Metrics.Web.BearerTokenFile = _files.WriteFile("token", Token + "\n");
        await using var host = await TestMetricsHost.StartAsync(options);
        using var client = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, host, new("Bearer", Token))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, host, new("bearer", Token))).StatusCode);
        foreach (var authorization in new AuthenticationHeaderValue?[]
        {
            null, new("Bearer", Token[..^1]), new("Bearer", Token + "0"), new("Bearer", Token.ToUpperInvariant()), new("Bearer", ""),
            Basic("prometheus", Token), new("Token", Token),
        })
        {
            using var denied = await GetAsync(client, host, authorization);
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
            Assert.Equal("Bearer realm=\"AutoTrader metrics\"", denied.Headers.WwwAuthenticate.ToString());
            Assert.Equal(0, denied.Content.Headers.ContentLength);
        }
    }

    [Fact]
    public async Task An_authorization_header_over_the_limit_is_denied_unread_even_with_the_right_password()
    {
        var longPassword = new string('x', ScrapeCredentialCheck.MaxAuthorizationLength);
        await using var host = await TestMetricsHost.StartAsync(WithUsers(("prometheus", BCrypt.Net.BCrypt.HashPassword(longPassword, 4))));
        using var client = new HttpClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(client, host, Basic("prometheus", longPassword))).StatusCode);
    }

    [Fact]
    public async Task The_longest_token_a_token_file_may_hold_is_accepted()
    {
        var longest = new string('t', MetricsWebOptions.MaximumBearerTokenLength);
        var options = new ObservabilityOptions();
        options.Metrics.Web.BearerTokenFile = _files.WriteFile("token", longest);
        await using var host = await TestMetricsHost.StartAsync(options);
        using var client = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, host, new("Bearer", longest))).StatusCode);
    }

    [Fact]
    public async Task Only_the_metrics_endpoint_asks_for_credentials()
    {
        await using var host = await TestMetricsHost.StartAsync(
            WithUsers(("prometheus", BCrypt.Net.BCrypt.HashPassword(Password, 4))),
            app => app.MapGet("/api/ping", () => Results.Ok("pong")));
        using var client = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(host.BaseAddress, "/api/ping"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(host.MetricsUri)).StatusCode);
    }

    [Fact]
    public async Task With_a_certificate_the_port_serves_https_only()
    {
        var options = new ObservabilityOptions();
        options.Metrics.Web.TlsServerConfig.CertFile = _files.CertFile;
        options.Metrics.Web.TlsServerConfig.KeyFile = _files.KeyFile;
        await using var host = await TestMetricsHost.StartAsync(options);
        using var trusting = new HttpClient(_files.TrustingHandler());
        using var plain = new HttpClient();

        Assert.Equal("https", host.BaseAddress.Scheme);
        Assert.Equal(HttpStatusCode.OK, (await trusting.GetAsync(host.MetricsUri)).StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(new UriBuilder(host.MetricsUri) { Scheme = "http" }.Uri));
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(host.MetricsUri)); // the certificate is trusted by no one else
    }

    [Fact]
    public async Task Without_web_options_the_endpoint_stays_open_and_plain()
    {
        await using var host = await TestMetricsHost.StartAsync(new ObservabilityOptions());
        using var client = new HttpClient();

        Assert.Equal("http", host.BaseAddress.Scheme);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(host.MetricsUri)).StatusCode);
    }

    [Fact]
    public void Options_built_in_code_with_a_bad_hash_fail_at_mapping_without_showing_it()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddAutoTraderObservability(WithUsers(("prometheus", Password)), Stream.Null);
        var app = builder.Build();

        var e = Assert.Throws<ObservabilityConfigurationException>(() => app.MapAutoTraderObservability());

        Assert.Contains("observability.metrics.web.basic_auth_users.prometheus", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, e.Message, StringComparison.Ordinal);
    }

    private static ObservabilityOptions WithUsers(params (string User, string Hash)[] users)
    {
        var options = new ObservabilityOptions();
        foreach (var (user, hash) in users)
        {
            options.Metrics.Web.BasicAuthUsers[user] = hash;
        }

        return options;
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, TestMetricsHost host, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, host.MetricsUri);
        request.Headers.Authorization = authorization;
        return await client.SendAsync(request);
    }
}
