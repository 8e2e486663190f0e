using AutoTrader.Observability.Configuration;

namespace AutoTrader.Observability.Tests.Configuration;

/// <summary><c>observability.metrics.web</c>: TLS and authentication of the scrape endpoint.</summary>
public sealed class MetricsWebConfigurationTests : IDisposable
{
    /// <summary>Shaped as bcrypt: $2y$, cost 10, 53 characters of salt and hash.</summary>
    private const string WellFormedHash = "$2y$10$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";

    private static readonly Dictionary<string, string> NoEnvironment = [];

    private readonly TestCertificateFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void By_default_the_endpoint_is_plain_http_without_authentication()
    {
        var web = ObservabilityConfiguration.LoadYaml(null, NoEnvironment).Metrics.Web;

        Assert.False(web.TlsServerConfig.Enabled);
        Assert.False(web.RequiresBasicAuth);
        Assert.False(web.RequiresBearerToken);
    }

    [Fact]
    public void Tls_and_basic_auth_users_load_with_user_names_as_written()
    {
        var otherHash = WellFormedHash.Replace("$2y$", "$2b$", StringComparison.Ordinal);
        var web = Load(
            $"tls_server_config: {{ cert_file: \"{_files.CertFile}\", key_file: \"{_files.KeyFile}\" }}\n" +
            $"      basic_auth_users:\n        Prometheus: \"{WellFormedHash}\"\n        grafana-agent: \"{otherHash}\"").Metrics.Web;

        Assert.True(web.TlsServerConfig.Enabled);
        Assert.Equal(_files.CertFile, web.TlsServerConfig.CertFile);
        Assert.Equal(["Prometheus", "grafana-agent"], web.BasicAuthUsers.Keys.Order(StringComparer.Ordinal));
        Assert.False(web.BasicAuthUsers.ContainsKey("prometheus"));
    }

    [Fact]
    public void A_bearer_token_file_loads()
    {
        var tokenFile = _files.WriteFile("token", "0123456789abcdef0123456789abcdef\n");

        Assert.True(Load($"bearer_token_file: \"{tokenFile}\"").Metrics.Web.RequiresBearerToken);
    }

    [Fact]
    public void A_certificate_without_a_key_names_both_keys()
    {
        var problem = SingleProblem($"tls_server_config: {{ cert_file: \"{_files.CertFile}\" }}");

        Assert.Contains("observability.metrics.web.tls_server_config.key_file", problem, StringComparison.Ordinal);
        Assert.Contains($"cert_file is set (to '{_files.CertFile}')", problem, StringComparison.Ordinal);
        Assert.Contains("give both PEM files or neither", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_without_a_certificate_names_both_keys()
    {
        var problem = SingleProblem($"tls_server_config: {{ key_file: \"{_files.KeyFile}\" }}");

        Assert.Contains("observability.metrics.web.tls_server_config.cert_file", problem, StringComparison.Ordinal);
        Assert.Contains($"key_file is set (to '{_files.KeyFile}')", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_certificate_file_is_named_with_its_line()
    {
        var missing = Path.Combine(_files.DirectoryPath, "absent.pem");
        var problem = SingleProblem($"tls_server_config: {{ cert_file: \"{missing}\", key_file: \"{_files.KeyFile}\" }}");

        Assert.Contains($"observability.metrics.web.tls_server_config.cert_file = '{missing}' (<yaml>:4): cannot be read", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_key_file_is_named()
    {
        var problem = SingleProblem($"tls_server_config: {{ cert_file: \"{_files.CertFile}\", key_file: \"{_files.DirectoryPath}\" }}");

        Assert.Contains($"observability.metrics.web.tls_server_config.key_file = '{_files.DirectoryPath}'", problem, StringComparison.Ordinal);
        Assert.Contains("cannot be read", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_does_not_belong_to_the_certificate_is_refused()
    {
        var otherKey = _files.WriteOtherKey();
        var problem = SingleProblem($"tls_server_config: {{ cert_file: \"{_files.CertFile}\", key_file: \"{otherKey}\" }}");

        Assert.Contains($"observability.metrics.web.tls_server_config (cert_file '{_files.CertFile}', key_file '{otherKey}')", problem, StringComparison.Ordinal);
        Assert.Contains("expected a PEM certificate and its matching unencrypted PEM private key", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_file_that_is_not_pem_is_refused()
    {
        var notPem = _files.WriteFile("cert.txt", "not a certificate");
        var problem = SingleProblem($"tls_server_config: {{ cert_file: \"{notPem}\", key_file: \"{_files.KeyFile}\" }}");

        Assert.Contains("expected a PEM certificate", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("correct-horse-battery")] // a password written where its hash belongs
    [InlineData("$2y$10$tooshort")]
    [InlineData("$2x$10$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0")] // crypt_blowfish's buggy variant
    [InlineData("$2y$32$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0")] // cost above 31
    [InlineData("$2y$03$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0")] // cost below 4
    [InlineData("")]
    public void A_value_that_is_not_a_bcrypt_hash_is_refused_without_being_shown(string value)
    {
        var problem = SingleProblem($"basic_auth_users:\n        alice: \"{value}\"");

        Assert.Contains($"observability.metrics.web.basic_auth_users.alice (the value, {value.Length} characters, is not shown) (<yaml>:5)", problem, StringComparison.Ordinal);
        Assert.Contains("expected a bcrypt hash", problem, StringComparison.Ordinal);
        Assert.Contains("htpasswd -nbBC 10", problem, StringComparison.Ordinal);
        if (value.Length > 0)
        {
            Assert.DoesNotContain(value, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_empty_user_name_is_refused()
    {
        var problem = SingleProblem($"basic_auth_users:\n        \"\": \"{WellFormedHash}\"");

        Assert.Contains("observability.metrics.web.basic_auth_users. (user name '') (<yaml>:5): a user name must not be empty", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scalar_where_the_user_map_belongs_is_refused_without_being_shown()
    {
        var problem = SingleProblem("basic_auth_users: \"alice:correct-horse-battery\"");

        Assert.Contains("observability.metrics.web.basic_auth_users (<yaml>:4): expected a mapping of names to strings", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("correct-horse-battery", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_where_a_hash_belongs_is_refused()
    {
        var problem = SingleProblem("basic_auth_users:\n        alice: { password: correct-horse-battery }");

        Assert.Contains("observability.metrics.web.basic_auth_users.alice", problem, StringComparison.Ordinal);
        Assert.Contains("expected a string, not a section", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("correct-horse-battery", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Basic_auth_and_a_bearer_token_together_are_refused_naming_both()
    {
        var tokenFile = _files.WriteFile("token", "0123456789abcdef0123456789abcdef");
        var problem = SingleProblem($"bearer_token_file: \"{tokenFile}\"\n      basic_auth_users:\n        alice: \"{WellFormedHash}\"");

        Assert.Contains($"observability.metrics.web.bearer_token_file = '{tokenFile}' (<yaml>:4): cannot be combined with basic_auth_users (<yaml>:6)", problem, StringComparison.Ordinal);
        Assert.Contains("keep one of the two", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_bearer_token_file_is_named()
    {
        var missing = Path.Combine(_files.DirectoryPath, "no-token");
        var problem = SingleProblem($"bearer_token_file: \"{missing}\"");

        Assert.Contains($"observability.metrics.web.bearer_token_file = '{missing}' (<yaml>:4): cannot be read", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short-token\n", "has 11 characters; use at least 16")]
    [InlineData("0123456789abcdef 0123456789abcdef", "contains whitespace")]
    [InlineData("   \n", "has 0 characters")]
    public void A_weak_or_malformed_bearer_token_is_refused_without_being_shown(string content, string reason)
    {
        var tokenFile = _files.WriteFile("token", content);
        var problem = SingleProblem($"bearer_token_file: \"{tokenFile}\"");

        Assert.Contains($"observability.metrics.web.bearer_token_file = '{tokenFile}' (<yaml>:4): ", problem, StringComparison.Ordinal);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        if (content.Trim().Length > 0)
        {
            Assert.DoesNotContain(content.Trim(), problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_bearer_token_file_longer_than_one_token_is_refused()
    {
        var tokenFile = _files.WriteFile("token", new string('a', MetricsWebOptions.MaximumBearerTokenLength + 1));

        Assert.Contains($"longer than {MetricsWebOptions.MaximumBearerTokenLength} characters", SingleProblem($"bearer_token_file: \"{tokenFile}\""), StringComparison.Ordinal);
    }

    /// <summary>Loads YAML whose <c>observability.metrics.web</c> section is <paramref name="web"/> (its first line at line 4).</summary>
    private static ObservabilityOptions Load(string web) =>
        ObservabilityConfiguration.LoadYaml("observability:\n  metrics:\n    web:\n      " + web + "\n", NoEnvironment);

    private static string SingleProblem(string web) =>
        Assert.Single(Assert.Throws<ObservabilityConfigurationException>(() => Load(web)).Problems);
}
