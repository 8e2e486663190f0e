using AutoTrader.Observability.Tracing;

namespace AutoTrader.Observability.Tests.Tracing;

public sealed class RedactedTextTests
{
    private static readonly HashSet<string> Names = new(["api_key", "token", "password"], StringComparer.OrdinalIgnoreCase);

    [Theory]
    [InlineData("api_key=sk-1", "api_key=[R]")]
    [InlineData("symbols=btc&API_KEY=sk-1&vs=usd", "symbols=btc&API_KEY=[R]&vs=usd")]
    [InlineData("/cb;token=abc/next?x=1", "/cb;token=[R]/next?x=1")]
    [InlineData("https://h/p?token=a#frag", "https://h/p?token=[R]#frag")]
    [InlineData("curl/8 password=hunter2 extra", "curl/8 password=[R] extra")]
    [InlineData("token=&token==x", "token=[R]&token=[R]")]
    [InlineData("my_token=kept&token_symbol=BTC", "my_token=kept&token_symbol=BTC")]
    [InlineData("=token=x", "=token=[R]")]
    public void The_values_of_redacted_names_are_replaced_and_nothing_else(string text, string expected)
    {
        Assert.Equal(expected, RedactedText.Redact(text, Names, "[R]"));
    }

    [Theory]
    [InlineData("/api/tokens/BTC")]
    [InlineData("symbols=btc&vs_currency=usd")]
    [InlineData("")]
    public void Text_without_a_redacted_pair_is_returned_as_it_is(string text)
    {
        Assert.Same(text, RedactedText.Redact(text, Names, "[R]"));
    }
}
