using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AutoTrader.Observability.Tests.Configuration;

namespace AutoTrader.Cli.Tests;

/// <summary><c>metrics.web</c> through the real program: TLS and credentials on the metrics port, the API untouched, no secret printed.</summary>
public sealed class MetricsProtectionCommandTests : IDisposable
{
    private const string Password = "correct-horse-battery";
    private const string Token = "7f3c9e1a5b2d4f6081a3c5e7f9b1d3e5";

    private readonly TestCertificateFiles _files = new();
    private readonly string _hash = BCrypt.Net.BCrypt.HashPassword(Password, 4);

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Serve_with_tls_and_basic_auth_answers_the_api_in_plain_http_and_the_metrics_only_over_tls_with_credentials()
    {
        using var config = new TempYamlFile($"""
            observability:
              metrics:
                web:
                  tls_server_config: {TlsKeys()}
                  basic_auth_users:
                    prometheus: "{_hash}"
            """);
        int api = FreePort.Next(), metrics = FreePort.Next();
        using var p = AutotraderProcess.Start(["serve", "--config", config.Path, "--api-port", api.ToString(), "--metrics-port", metrics.ToString()]);
        Assert.True(p.WaitForOutput("scan_completed", TimeSpan.FromSeconds(30)), "serve did not scan: " + p.Stdout + p.Stderr);
        Assert.Contains($"\"metrics_endpoint\":\"https://127.0.0.1:{metrics}/metrics\"", p.Stdout, StringComparison.Ordinal);
        using var plain = new HttpClient();
        using var trusting = new HttpClient(_files.TrustingHandler());

        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync($"http://127.0.0.1:{api}/api/tokens")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync($"http://127.0.0.1:{api}/health")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await plain.GetAsync($"http://127.0.0.1:{api}/metrics")).StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync($"http://127.0.0.1:{metrics}/metrics"));
        using var anonymous = await trusting.GetAsync($"https://127.0.0.1:{metrics}/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("Basic realm=", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        using var wrong = await GetAsync(trusting, $"https://127.0.0.1:{metrics}/metrics", Basic("prometheus", "wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var scraped = await GetAsync(trusting, $"https://127.0.0.1:{metrics}/metrics", Basic("prometheus", Password));
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("\nscan_requests_total{", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.True(p.Terminate(TimeSpan.FromSeconds(15)), "serve did not stop on SIGTERM");
        Assert.Equal(0, p.ExitCode);
        AssertNoSecretIn(p.Stdout + p.Stderr);
    }

    [Fact]
    public async Task Metrics_server_with_tls_and_a_bearer_token_serves_only_the_scraper_that_sends_it()
    {
        var tokenFile = _files.WriteFile("token", Token + "\n");
        using var config = new TempYamlFile($"observability:\n  metrics:\n    web:\n      tls_server_config: {TlsKeys()}\n      bearer_token_file: \"{tokenFile}\"\n");
        var port = FreePort.Next();
        using var p = AutotraderProcess.Start(["metrics-server", "--config", config.Path, "--port", port.ToString()]);
        Assert.True(p.WaitForOutput("metrics_server_started", TimeSpan.FromSeconds(30)), "metrics-server did not start: " + p.Stdout + p.Stderr);
        using var plain = new HttpClient();
        using var client = new HttpClient(_files.TrustingHandler());
        var url = $"https://127.0.0.1:{port}/metrics";

        Assert.Contains($"\"endpoint\":\"{url}\"", p.Stdout, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync($"http://127.0.0.1:{port}/metrics"));
        using var anonymous = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer realm=\"AutoTrader metrics\"", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(client, url, new("Bearer", Token[..^1]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, url, new("Bearer", Token))).StatusCode);

        Assert.True(p.Terminate(TimeSpan.FromSeconds(15)), "metrics-server did not stop on SIGTERM");
        AssertNoSecretIn(p.Stdout + p.Stderr);
    }

    [Fact]
    public void Check_config_accepts_a_protected_endpoint_and_prints_no_hash()
    {
        using var config = new TempYamlFile($"observability:\n  metrics:\n    web:\n      tls_server_config: {TlsKeys()}\n      basic_auth_users: {{ prometheus: \"{_hash}\" }}\n");
        using var p = AutotraderProcess.Run(["check-config", "--config", config.Path]);

        Assert.Equal(0, p.ExitCode);
        Assert.Contains("config_loaded", p.Stdout, StringComparison.Ordinal);
        AssertNoSecretIn(p.Stdout + p.Stderr);
    }

    [Fact]
    public void A_password_written_where_its_hash_belongs_stops_start_up_with_exit_code_2_without_showing_it()
    {
        using var config = new TempYamlFile($"observability:\n  metrics:\n    web:\n      basic_auth_users:\n        prometheus: \"{Password}\"\n");
        using var p = AutotraderProcess.Run(["serve", "--config", config.Path, "--api-port", FreePort.Next().ToString(), "--metrics-port", FreePort.Next().ToString()]);

        Assert.Equal(2, p.ExitCode);
        Assert.Empty(p.Stdout);
        Assert.Contains($"observability.metrics.web.basic_auth_users.prometheus (the value, {Password.Length} characters, is not shown) ({config.Path}:5): expected a bcrypt hash", p.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_without_its_key_stops_metrics_server_with_exit_code_2()
    {
        using var config = new TempYamlFile($"observability:\n  metrics:\n    web:\n      tls_server_config: {{ cert_file: \"{_files.CertFile}\" }}\n");
        using var p = AutotraderProcess.Run(["metrics-server", "--config", config.Path, "--port", FreePort.Next().ToString()]);

        Assert.Equal(2, p.ExitCode);
        Assert.Contains($"observability.metrics.web.tls_server_config.key_file (default): must be set when cert_file is set (to '{_files.CertFile}')", p.Stderr, StringComparison.Ordinal);
    }

    private string TlsKeys() => $"{{ cert_file: \"{_files.CertFile}\", key_file: \"{_files.KeyFile}\" }}";

    private void AssertNoSecretIn(string output)
    {
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_hash, output, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, output, StringComparison.Ordinal);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = authorization;
        return await client.SendAsync(request);
    }
}
