namespace AutoTrader.Observability.Benchmarks;

/// <summary>A benchmark's setup check that a scrape really serializes every series, or the comparison means nothing.</summary>
internal static class ScrapedSeries
{
    /// <summary>Throws unless the page <paramref name="scrape"/> writes has <paramref name="expected"/> samples of <c>bench_requests_total</c>.</summary>
    public static void Check(Func<Stream, Task> scrape, int expected)
    {
        using var stream = new MemoryStream();
        scrape(stream).GetAwaiter().GetResult();
        var series = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n').Count(l => l.StartsWith("bench_requests_total{", StringComparison.Ordinal));
        if (series != expected)
        {
            throw new InvalidOperationException($"expected {expected} series, the scrape has {series}");
        }
    }
}
