using System.Text.RegularExpressions;

namespace AutoTrader.Observability.AspNetCore.Tests.FrameworkMetrics;

/// <summary><c>metrics.framework_meters</c> on a real Kestrel's scrape.</summary>
public sealed partial class FrameworkMetricsEndpointTests
{
    [Fact]
    public async Task Without_the_switch_no_framework_family_is_scraped()
    {
        await using var host = await FrameworkTraffic.StartAsync(frameworkMeters: false);

        var page = await FrameworkTraffic.ScrapeUntilAsync(host, "telemetry_dropped_total");

        Assert.All(DocumentedFrameworkFamilies.Read(), family => Assert.DoesNotContain($"# TYPE {family.Name} ", page, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_the_switch_the_request_connection_and_client_families_are_scraped_with_their_documented_types()
    {
        await using var host = await FrameworkTraffic.StartAsync();

        var page = await FrameworkTraffic.ScrapeUntilAsync(host, "kestrel_connection_duration_seconds_count");

        Assert.Contains("# TYPE http_server_request_duration_seconds histogram\n", page, StringComparison.Ordinal);
        Assert.Contains("# TYPE kestrel_active_connections gauge\n", page, StringComparison.Ordinal);
        Assert.Contains("# TYPE kestrel_connection_duration_seconds histogram\n", page, StringComparison.Ordinal);
        Assert.Contains("# TYPE http_client_request_duration_seconds histogram\n", page, StringComparison.Ordinal);
        Assert.Matches(@"\nhttp_server_request_duration_seconds_bucket\{[^}]*http_route=""/items/\{id\}""[^}]*le=""0.005""\} ", page);
        Assert.Matches(@"\nhttp_server_request_duration_seconds_count\{[^}]*error_type=""System.InvalidOperationException""", page);
        var scraped = TypeLine().Matches(page).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["type"].Value);
        foreach (var (name, type, labels) in DocumentedFrameworkFamilies.Read().Where(f => scraped.ContainsKey(f.Name)))
        {
            Assert.Equal(type, scraped[name]);
            var labelNames = Sample(name).Matches(page).SelectMany(m => LabelName().Matches(m.Groups["labels"].Value)).Select(l => l.Groups[1].Value).Distinct();
            Assert.All(labelNames, label => Assert.True(labels.Contains(label) || label is "le" or "otel_metric_overflow", $"{name} has the undocumented label {label}"));
        }
    }

    [Fact]
    public async Task Label_values_are_bounded_whatever_the_client_sends()
    {
        await using var host = await FrameworkTraffic.StartAsync();

        var page = await FrameworkTraffic.ScrapeUntilAsync(host, "kestrel_connection_duration_seconds_count");

        Assert.Contains("http_request_method=\"_OTHER\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(FrameworkTraffic.InventedMethod, page, StringComparison.Ordinal);
        Assert.DoesNotContain(FrameworkTraffic.UnroutedPath, page, StringComparison.Ordinal);
        Assert.Contains("# TYPE http_client_open_connections gauge\n", page, StringComparison.Ordinal);
        Assert.DoesNotContain("network_peer_address", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_host_in_the_process_leaves_no_series_on_this_hosts_scrape()
    {
        await using var host = await FrameworkTraffic.StartAsync();
        await using var other = await FrameworkTraffic.StartAsync(route: "/other-host/{id}");

        var page = await FrameworkTraffic.ScrapeUntilAsync(host, "kestrel_connection_duration_seconds_count");

        // The System.Net meters are process-wide: HttpClient's series show both hosts' calls.
        var serverSide = page.Split('\n').Where(l => l.StartsWith("kestrel_", StringComparison.Ordinal) || l.StartsWith("http_server_", StringComparison.Ordinal)).ToList();
        Assert.Contains(serverSide, l => l.Contains($"server_port=\"{host.BaseAddress.Port}\"", StringComparison.Ordinal));
        Assert.DoesNotContain(serverSide, l => l.Contains($"server_port=\"{other.BaseAddress.Port}\"", StringComparison.Ordinal));
        Assert.DoesNotContain(serverSide, l => l.Contains("/other-host/", StringComparison.Ordinal));
    }

    private static Regex Sample(string family) => new($"^{family}(?:_bucket|_sum|_count)?\\{{(?<labels>[^}}]*)\\}}", RegexOptions.Multiline);

    [GeneratedRegex(@"^# TYPE (?<name>\w+) (?<type>\w+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex("(\\w+)=\"")]
    private static partial Regex LabelName();
}
