using System.Text.RegularExpressions;

namespace AutoTrader.Scanner.Market;

/// <summary>What a token symbol is, wherever one comes in: a request, the command line or the watchlist.</summary>
public static partial class TokenSymbol
{
    /// <summary>The rule, as error messages state it.</summary>
    public const string Rule = "a token symbol is 1 to 15 letters or digits";

    [GeneratedRegex("^[A-Z0-9]{1,15}$")]
    private static partial Regex Format();

    /// <summary>True when <paramref name="symbol"/>, normalized, follows <see cref="Rule"/>.</summary>
    public static bool IsValid(string symbol) => Format().IsMatch(Normalize(symbol));

    /// <summary><paramref name="symbol"/> as it is scanned and stored: trimmed and upper case.</summary>
    public static string Normalize(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        return symbol.Trim().ToUpperInvariant();
    }
}
