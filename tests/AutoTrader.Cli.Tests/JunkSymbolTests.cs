using System.Net;
using System.Text.RegularExpressions;

namespace AutoTrader.Cli.Tests;

/// <summary>Symbols no source knows are client errors: they cannot spend the label budget, and a real token still gets its series.</summary>
public sealed partial class JunkSymbolTests
{
    [GeneratedRegex("token_symbol=\"([^\"]*)\"")]
    private static partial Regex TokenLabel();

    [Fact]
    public async Task Thousands_of_made_up_symbols_leave_one_unknown_series_and_a_real_token_its_own()
    {
        using var serve = new RunningServe();
        using var http = new HttpClient();
        var junk = Enumerable.Range(0, 2500).Select(i => $"JUNK{i}").ToList();

        await Parallel.ForEachAsync(junk, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (symbol, ct) =>
        {
            using var response = await http.PostAsync(new Uri(serve.Api, "/api/scan/" + symbol), null, ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        });
        using var real = await http.PostAsync(new Uri(serve.Api, "/api/scan/ADA"), null); // in the snapshot, not on the watchlist

        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        var page = await http.GetStringAsync(new Uri(serve.Metrics, "/metrics"));
        var labels = TokenLabel().Matches(page).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.DoesNotContain(labels, l => l.StartsWith("JUNK", StringComparison.Ordinal));
        Assert.DoesNotContain("__overflow__", labels);
        Assert.Contains("ADA", labels);
        Assert.Contains("scan_requests_total{status=\"success\",token_symbol=\"ADA\"} 1", page, StringComparison.Ordinal);
        Assert.Contains("scan_errors_total{error_type=\"not_found\",token_symbol=\"unknown\"} 2500", page, StringComparison.Ordinal);
        Assert.Contains("scan_requests_total{status=\"failure\",token_symbol=\"unknown\"} 2500", page, StringComparison.Ordinal);
    }
}
