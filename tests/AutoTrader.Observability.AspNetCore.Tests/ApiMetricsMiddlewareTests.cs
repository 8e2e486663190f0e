using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AutoTrader.Observability.AspNetCore.Tests;

public sealed class ApiMetricsMiddlewareTests
{
    [Fact]
    public async Task Each_request_is_counted_under_its_route_template_and_method_and_the_scrape_path_is_left_out()
    {
        await using var host = await TestMetricsHost.StartAsync(instrumentRequests: true, configure: app =>
        {
            app.MapGet("/items/{id}", (string id) => Results.Ok(id));
            app.Map("/any", () => Results.Ok());
            app.MapGet("/fails", IResult () => throw new InvalidOperationException("endpoint failed"));
        });
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        foreach (var path in new[] { "/items/1", "/items/2", "/items/1", "/missing", "/fails", "/metrics" })
        {
            using var _ = await client.GetAsync(new Uri(path, UriKind.Relative));
        }

        using (await client.SendAsync(new HttpRequestMessage(new HttpMethod("BREW"), new Uri("/any", UriKind.Relative))))
        using (await client.PostAsync(new Uri("/any", UriKind.Relative), null))
        {
        }

        var lines = (await client.GetStringAsync(host.MetricsUri)).Split('\n');
        Assert.Equal(
            [
                "api_requests_total{endpoint=\"/any\",method=\"OTHER\",status_code=\"200\"} 1",
                "api_requests_total{endpoint=\"/any\",method=\"POST\",status_code=\"200\"} 1",
                "api_requests_total{endpoint=\"/fails\",method=\"GET\",status_code=\"500\"} 1",
                "api_requests_total{endpoint=\"/items/{id}\",method=\"GET\",status_code=\"200\"} 3",
                "api_requests_total{endpoint=\"unmatched\",method=\"GET\",status_code=\"404\"} 1",
            ],
            lines.Where(l => l.StartsWith("api_requests_total{", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(
            [
                "api_errors_total{endpoint=\"/fails\",error_type=\"InvalidOperationException\",method=\"GET\"} 1",
                "api_errors_total{endpoint=\"unmatched\",error_type=\"client_error\",method=\"GET\"} 1",
            ],
            lines.Where(l => l.StartsWith("api_errors_total{", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("api_request_duration_seconds_count{endpoint=\"/items/{id}\",method=\"GET\"} 3", lines);
        Assert.Contains("active_api_requests{endpoint=\"/items/{id}\",method=\"GET\"} 0", lines);
        Assert.DoesNotContain(lines, l => l.Contains("/metrics", StringComparison.Ordinal));
    }
}
