using Microsoft.Extensions.Configuration;

namespace AutoTrader.Observability.Configuration;

/// <summary>
/// The <c>observability.metrics.web</c> section: protection of the scrape endpoint, with the key
/// names of the Prometheus exporter toolkit's web configuration. Everything is off by default.
/// </summary>
public sealed class MetricsWebOptions
{
    /// <summary>Fewest characters a bearer token may have.</summary>
    public const int MinimumBearerTokenLength = 16;

    /// <summary>Most characters a bearer token file may hold.</summary>
    public const int MaximumBearerTokenLength = 4096;

    /// <summary>TLS for the metrics port.</summary>
    [ConfigurationKeyName("tls_server_config")]
    public MetricsTlsOptions TlsServerConfig { get; set; } = new();

    /// <summary>
    /// Users allowed to scrape with HTTP basic authentication, each mapped to the bcrypt hash of
    /// their password (<c>$2a$</c>, <c>$2b$</c> or <c>$2y$</c>). User names are case-sensitive.
    /// Default value: none (no basic authentication).
    /// </summary>
    [ConfigurationKeyName("basic_auth_users")]
    public Dictionary<string, string> BasicAuthUsers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A file holding the token a scraper must send as <c>Authorization: Bearer</c>, the file that
    /// Prometheus reads through <c>authorization.credentials_file</c>; surrounding whitespace is
    /// ignored. Read once at start-up. Default value: empty (no bearer authentication).
    /// </summary>
    [ConfigurationKeyName("bearer_token_file")]
    public string BearerTokenFile { get; set; } = "";

    /// <summary>Whether scrapers must authenticate with a user name and password.</summary>
    public bool RequiresBasicAuth => BasicAuthUsers.Count > 0;

    /// <summary>Whether scrapers must authenticate with a bearer token.</summary>
    public bool RequiresBearerToken => BearerTokenFile.Length > 0;

    /// <summary>Checks these options as loading the configuration does, for options built in code.</summary>
    /// <exception cref="ObservabilityConfigurationException">A value is invalid, or a file it names cannot be read.</exception>
    public void ThrowIfInvalid() => MetricsWebOptionsValidator.ThrowIfInvalid(this);

    /// <summary>The token of <see cref="BearerTokenFile"/>, surrounding whitespace removed.</summary>
    /// <exception cref="IOException">The file cannot be read or is longer than <see cref="MaximumBearerTokenLength"/>.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public string ReadBearerToken() => Configuration.BearerTokenFile.Read(BearerTokenFile);
}

/// <summary>The <c>observability.metrics.web.tls_server_config</c> section.</summary>
public sealed class MetricsTlsOptions
{
    /// <summary>The server certificate (PEM), followed by any intermediates. Default value: empty (plain HTTP).</summary>
    [ConfigurationKeyName("cert_file")]
    public string CertFile { get; set; } = "";

    /// <summary>The certificate's private key (unencrypted PEM). Default value: empty (plain HTTP).</summary>
    [ConfigurationKeyName("key_file")]
    public string KeyFile { get; set; } = "";

    /// <summary>Whether the metrics port serves HTTPS only.</summary>
    public bool Enabled => CertFile.Length > 0 || KeyFile.Length > 0;

    /// <summary>The certificate of <see cref="CertFile"/> with the private key of <see cref="KeyFile"/>, read now.</summary>
    /// <exception cref="IOException">A file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A file may not be read.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The files are not a PEM certificate and its matching unencrypted key.</exception>
    /// <exception cref="ArgumentException">A file holds no PEM block of the expected kind.</exception>
    public System.Security.Cryptography.X509Certificates.X509Certificate2 LoadCertificate() => TlsCertificateFiles.Load(this);
}
