using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AutoTrader.Observability.Configuration;

/// <summary>Loads the certificate and key of <c>metrics.web.tls_server_config</c>.</summary>
internal static class TlsCertificateFiles
{
    /// <summary>The certificate with its private key.</summary>
    /// <exception cref="IOException">A file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A file may not be read.</exception>
    /// <exception cref="CryptographicException">The files are not a PEM certificate and its matching unencrypted key.</exception>
    /// <exception cref="ArgumentException">A file holds no PEM block of the expected kind.</exception>
    public static X509Certificate2 Load(MetricsTlsOptions tls) => X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile);
}
