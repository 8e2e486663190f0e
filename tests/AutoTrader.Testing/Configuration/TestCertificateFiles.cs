using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AutoTrader.Observability.Tests.Configuration;

/// <summary>
/// A self-signed certificate for 127.0.0.1 made for one test, written as <c>cert.pem</c> and
/// <c>key.pem</c> (unencrypted PKCS#8) in a temporary folder, deleted when disposed. The
/// certificate is its own CA: a client trusts it by taking <see cref="CertFile"/> as its CA file.
/// </summary>
public sealed class TestCertificateFiles : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("autotrader-tls-");

    public TestCertificateFiles()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // server auth
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        CertFile = Path.Combine(_directory.FullName, "cert.pem");
        KeyFile = Path.Combine(_directory.FullName, "key.pem");
        File.WriteAllText(CertFile, certificate.ExportCertificatePem());
        File.WriteAllText(KeyFile, key.ExportPkcs8PrivateKeyPem());
        Certificate = X509Certificate2.CreateFromPem(certificate.ExportCertificatePem());
    }

    /// <summary>The folder the files are in, for further files of the test.</summary>
    public string DirectoryPath => _directory.FullName;

    public string CertFile { get; }

    public string KeyFile { get; }

    /// <summary>The certificate without its key, for a client to trust.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Writes a file of <paramref name="content"/> beside the certificate and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Writes a private key that does not belong to the certificate and returns its path.</summary>
    public string WriteOtherKey()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return WriteFile("other-key.pem", other.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A client handler that trusts this certificate only (and checks the host name).</summary>
    public SocketsHttpHandler TrustingHandler() => new()
    {
        SslOptions =
        {
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { Certificate },
                RevocationMode = X509RevocationMode.NoCheck,
            },
        },
    };

    public void Dispose()
    {
        Certificate.Dispose();
        _directory.Delete(recursive: true);
    }
}
