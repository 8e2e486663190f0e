using System.Security.Cryptography;

namespace AutoTrader.Observability.Configuration;

/// <summary>
/// Checks <c>observability.metrics.web</c>: the files exist and hold what they should, and the
/// password hashes are bcrypt. Messages name keys and paths but never a hash or a token.
/// </summary>
internal static class MetricsWebOptionsValidator
{
    private const string Section = "metrics.web.";

    /// <summary>Adds one sentence per problem; <paramref name="origin"/> tells where a key was set.</summary>
    public static void Validate(MetricsWebOptions web, Func<string, string> origin, List<string> problems)
    {
        string Where(string key) => origin("observability:" + (Section + key).Replace('.', ':'));
        void Fail(string key, string shown, string problem) => problems.Add($"observability.{Section}{key}{shown}{Where(key)}: {problem}");
        static string Quoted(string path) => $" = '{path}'";

        var tls = web.TlsServerConfig;
        if (tls.Enabled)
        {
            if (tls.CertFile.Length == 0)
            {
                Fail("tls_server_config.cert_file", "", $"must be set when key_file is set (to '{tls.KeyFile}'); give both PEM files or neither");
            }
            else if (tls.KeyFile.Length == 0)
            {
                Fail("tls_server_config.key_file", "", $"must be set when cert_file is set (to '{tls.CertFile}'); give both PEM files or neither");
            }
            else if (Unreadable(tls.CertFile) is { } certProblem)
            {
                Fail("tls_server_config.cert_file", Quoted(tls.CertFile), certProblem);
            }
            else if (Unreadable(tls.KeyFile) is { } keyProblem)
            {
                Fail("tls_server_config.key_file", Quoted(tls.KeyFile), keyProblem);
            }
            else
            {
                try
                {
                    using var certificate = TlsCertificateFiles.Load(tls);
                }
                catch (Exception e) when (e is CryptographicException or ArgumentException)
                {
                    Fail("tls_server_config", $" (cert_file '{tls.CertFile}', key_file '{tls.KeyFile}')",
                        "expected a PEM certificate and its matching unencrypted PEM private key: " + e.Message);
                }
            }
        }

        foreach (var (user, hash) in web.BasicAuthUsers)
        {
            if (string.IsNullOrWhiteSpace(user) || user.Contains(':', StringComparison.Ordinal))
            {
                Fail("basic_auth_users." + user, $" (user name '{user}')", "a user name must not be empty, blank or contain ':'");
            }
            else if (!BcryptHashFormat.IsValid(hash))
            {
                Fail("basic_auth_users." + user, $" (the value, {hash.Length} characters, is not shown)",
                    $"expected {BcryptHashFormat.Description}; make one with: htpasswd -nbBC 10 \"\" 'PASSWORD' | tr -d ':\\n'");
            }
        }

        if (web.RequiresBearerToken)
        {
            string? problem;
            try
            {
                problem = BearerTokenFile.Problem(BearerTokenFile.Read(web.BearerTokenFile));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problem = "cannot be read: " + e.Message;
            }

            if (problem is not null)
            {
                Fail("bearer_token_file", Quoted(web.BearerTokenFile), problem);
            }

            if (web.RequiresBasicAuth)
            {
                Fail("bearer_token_file", Quoted(web.BearerTokenFile),
                    $"cannot be combined with basic_auth_users{Where("basic_auth_users." + web.BasicAuthUsers.Keys.First())}: the endpoint asks for one scheme, so keep one of the two");
            }
        }
    }

    /// <summary>Runs <see cref="Validate"/> on options built in code rather than loaded.</summary>
    /// <exception cref="ObservabilityConfigurationException">A value is invalid.</exception>
    public static void ThrowIfInvalid(MetricsWebOptions web)
    {
        var problems = new List<string>();
        Validate(web, _ => "", problems);
        if (problems.Count > 0)
        {
            throw new ObservabilityConfigurationException(problems);
        }
    }

    private static string? Unreadable(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "cannot be read: " + e.Message;
        }
    }
}
