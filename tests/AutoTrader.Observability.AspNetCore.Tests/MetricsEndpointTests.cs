using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;

namespace AutoTrader.Observability.AspNetCore.Tests;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Get_metrics_answers_prometheus_text_0_0_4_by_default()
    {
        await using var host = await TestMetricsHost.StartAsync();
        host.Metrics.RecordScanRequest("BTC", "success");
        using var client = new HttpClient();

        using var response = await client.GetAsync(host.MetricsUri);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("scan_requests_total{status=\"success\",token_symbol=\"BTC\"} 1\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_metrics_answers_openmetrics_1_0_0_when_accept_asks_for_it()
    {
        await using var host = await TestMetricsHost.StartAsync();
        host.Metrics.RecordScanRequest("BTC", "success");
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, host.MetricsUri);
        request.Headers.Accept.ParseAdd("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");

        using var response = await client.SendAsync(request);

        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("# EOF\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_metrics_is_gzip_compressed_only_when_asked()
    {
        await using var host = await TestMetricsHost.StartAsync();
        host.Metrics.RecordScanRequest("BTC", "success");
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });

        using var request = new HttpRequestMessage(HttpMethod.Get, host.MetricsUri);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var zipped = await client.SendAsync(request);
        using var plain = await client.GetAsync(host.MetricsUri);

        Assert.Equal(["gzip"], zipped.Content.Headers.ContentEncoding);
        await using var unzip = new GZipStream(await zipped.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var reader = new StreamReader(unzip);
        Assert.Contains("scan_requests_total{status=\"success\",token_symbol=\"BTC\"} 1\n", await reader.ReadToEndAsync(), StringComparison.Ordinal);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Contains("scan_requests_total", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
