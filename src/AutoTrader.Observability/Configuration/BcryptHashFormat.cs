using System.Text.RegularExpressions;

namespace AutoTrader.Observability.Configuration;

/// <summary>The shape of a bcrypt hash as htpasswd, Python's bcrypt and the exporter toolkit write it.</summary>
internal static partial class BcryptHashFormat
{
    /// <summary>What <see cref="IsValid"/> accepts, for error messages.</summary>
    public const string Description = "a bcrypt hash: $2a$, $2b$ or $2y$, a two-digit cost from 04 to 31, '$' and 53 characters of salt and hash";

    /// <summary>Whether <paramref name="hash"/> is a bcrypt hash with a cost of 4 to 31.</summary>
    public static bool IsValid(string hash) => Shape().IsMatch(hash);

    /// <summary>The cost (log2 of the rounds) of a hash that <see cref="IsValid"/> accepted.</summary>
    public static int Cost(string hash) => int.Parse(hash.AsSpan(4, 2), provider: System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$")]
    private static partial Regex Shape();
}
