using AutoTrader.Observability.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace AutoTrader.Observability.AspNetCore.Tests.Authentication;

/// <summary>What the scrape endpoint answers for each outcome of the credential check.</summary>
public sealed class ScrapeAccessResponseTests
{
    [Fact]
    public async Task Busy_is_a_503_to_retry_in_a_second_without_a_challenge()
    {
        var context = new DefaultHttpContext();

        await ScrapeEndpoint.ServeAuthenticatedAsync(context, new FixedCheck(ScrapeAccess.Busy));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal(0, context.Response.Headers.WWWAuthenticate.Count);
    }

    [Fact]
    public async Task Denied_is_a_401_with_the_checks_challenge()
    {
        var context = new DefaultHttpContext();

        await ScrapeEndpoint.ServeAuthenticatedAsync(context, new FixedCheck(ScrapeAccess.Denied));

        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        Assert.Equal(FixedCheck.TheChallenge, context.Response.Headers.WWWAuthenticate.ToString());
        Assert.Equal(0, context.Response.Headers.RetryAfter.Count);
    }

    private sealed class FixedCheck(ScrapeAccess access) : ScrapeCredentialCheck
    {
        public const string TheChallenge = "Test realm=\"x\"";

        public override string Challenge => TheChallenge;

        public override ValueTask<ScrapeAccess> CheckAsync(string authorization, CancellationToken cancellationToken) => ValueTask.FromResult(access);
    }
}
