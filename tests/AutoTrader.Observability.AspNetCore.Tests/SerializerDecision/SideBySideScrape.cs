using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace AutoTrader.Observability.AspNetCore.Tests.SerializerDecision;

/// <summary>One scrape of one serializer: the headers that matter and the body, unzipped when it was zipped.</summary>
internal sealed record SideBySideScrape(string ContentType, IReadOnlyList<string> ContentEncoding, string Text)
{
    public const string PrometheusText = "text/plain";
    public const string OpenMetrics = "application/openmetrics-text; version=1.0.0";

    /// <summary>What a Prometheus with native histograms on sends: protobuf first.</summary>
    public const string ProtobufFirst = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3";

    private const string Python = "/usr/bin/python3";

    // Every sample as prometheus_client reads it, with its family and exemplar.
    private const string ParseScript = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families as parse_text
        from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_openmetrics
        parse = parse_openmetrics if sys.argv[1] == "openmetrics" else parse_text
        samples = []
        for family in parse(open(sys.argv[2], encoding="utf-8").read()):
            for s in family.samples:
                e = s.exemplar
                samples.append({"family": family.name, "type": family.type, "name": s.name, "labels": s.labels, "value": s.value,
                                "exemplar": None if e is None else {"labels": e.labels, "value": e.value, "timestamp": float(e.timestamp)}})
        print(json.dumps(samples))
        """;

    public static async Task<SideBySideScrape> GetAsync(SideBySideScrapeHost host, Serializer serializer, string accept, bool gzip = false)
    {
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
        using var request = new HttpRequestMessage(HttpMethod.Get, host.ScrapeUri(serializer));
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (gzip)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var encoding = response.Content.Headers.ContentEncoding.ToList();
        await using var body = await response.Content.ReadAsStreamAsync();
        await using var unzipped = encoding.Contains("gzip") ? new GZipStream(body, CompressionMode.Decompress) : body;
        using var reader = new StreamReader(unzipped, Encoding.UTF8);
        return new SideBySideScrape(response.Content.Headers.ContentType?.ToString() ?? "", encoding, await reader.ReadToEndAsync());
    }

    /// <summary>
    /// The page's samples as prometheus_client's text or OpenMetrics parser reads them (the parser
    /// failing fails the test with its message), or null when python3 is missing outside CI.
    /// </summary>
    public async Task<List<ParsedSample>?> ParseAsync(string format, ITestOutputHelper output)
    {
        if (ExternalTool.Find(Python, output) is null)
        {
            return null;
        }

        var (exitCode, stdout, stderr) = await RunPythonAsync(format);
        Assert.True(exitCode == 0, $"the {format} parser failed:\n{stderr}");
        using var parsed = JsonDocument.Parse(stdout);
        return [.. parsed.RootElement.EnumerateArray().Select(ParsedSample.From)];
    }

    private async Task<(int ExitCode, string StdOut, string StdErr)> RunPythonAsync(string format)
    {
        var payloadFile = Path.GetTempFileName();
        var scriptFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(payloadFile, Text);
            await File.WriteAllTextAsync(scriptFile, ParseScript);
            return ExternalTool.Run(Python, [scriptFile, format, payloadFile]);
        }
        finally
        {
            File.Delete(payloadFile);
            File.Delete(scriptFile);
        }
    }
}

/// <summary>
/// One sample as prometheus_client read it; <c>le</c> as the number it is (<c>1</c> and <c>1.0</c> are one bound).
/// </summary>
/// <remarks>
/// The exemplar is its labels and value; its timestamp, taken by each reader's own reservoir, apart.
/// </remarks>
internal sealed record ParsedSample(string Family, string Type, string Name, string Labels, double Value, string? Exemplar, double? ExemplarTimestamp)
{
    public static ParsedSample From(JsonElement e)
    {
        var labels = LabelText(e.GetProperty("labels"));
        var x = e.GetProperty("exemplar");
        var exemplar = x.ValueKind == JsonValueKind.Object
            ? $"{LabelText(x.GetProperty("labels"))} {x.GetProperty("value").GetDouble().ToString("R", CultureInfo.InvariantCulture)}"
            : null;
        double? timestamp = x.ValueKind == JsonValueKind.Object ? x.GetProperty("timestamp").GetDouble() : null;
        return new ParsedSample(e.GetProperty("family").GetString()!, e.GetProperty("type").GetString()!, e.GetProperty("name").GetString()!, labels, e.GetProperty("value").GetDouble(), exemplar, timestamp);
    }

    private static string LabelText(JsonElement labels) => string.Join(",", labels.EnumerateObject()
        .OrderBy(l => l.Name, StringComparer.Ordinal)
        .Select(l => $"{l.Name}={(l.Name == "le" ? double.Parse(l.Value.GetString()!.Replace("+Inf", "Infinity", StringComparison.Ordinal), CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) : l.Value.GetString())}"));
}
