using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;

namespace AutoTrader.Cli;

/// <summary>
/// The <c>--address</c> option of the commands that listen (<c>serve</c>, <c>metrics-server</c>):
/// an IPv4 or IPv6 address, or <c>localhost</c> (the IPv4 loopback), without a port (each port has
/// its own option). Anything else is a usage error that names the flag and the forms it takes.
/// </summary>
internal static class ListenAddress
{
    private const string Name = "--address";

    /// <summary>A new <c>--address</c> option, 127.0.0.1 unless given.</summary>
    public static Option<IPAddress> CreateOption(string description) => new(Name)
    {
        Description = description + " (an IP address or localhost)",
        DefaultValueFactory = _ => IPAddress.Loopback,
        CustomParser = ParseToken,
    };

    /// <summary>The address <paramref name="text"/> names, or null when it is not one of the accepted forms.</summary>
    public static IPAddress? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        // IPAddress.TryParse takes "[::1]:9090" and drops the port: the bracketed form is refused, so
        // that a port typed into --address is not silently ignored.
        return IPAddress.TryParse(text, out var address) && !text.Contains(']', StringComparison.Ordinal) ? address : null;
    }

    /// <summary>What is wrong with <paramref name="text"/> as an address.</summary>
    public static string Problem(string text) =>
        $"{Name} '{text}' is not an IP address; use an IPv4 or IPv6 address or localhost, without a port: for example 127.0.0.1 or localhost (this host only), or 0.0.0.0 (every interface).";

    private static IPAddress? ParseToken(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        var address = Parse(text);
        if (address is null)
        {
            result.AddError(Problem(text));
        }

        return address;
    }
}
