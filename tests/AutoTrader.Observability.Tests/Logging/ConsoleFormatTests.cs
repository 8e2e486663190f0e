using AutoTrader.Observability.Logging;

namespace AutoTrader.Observability.Tests.Logging;

public sealed class ConsoleFormatTests
{
    [Fact]
    public void Console_format_is_one_readable_line_per_event()
    {
        using var capture = new LogCapture(o => o.Logging.Format = "console");
        capture.Logger("AutoTrader.Core.Pipeline").Info("scan_completed", ("token_symbol", "BTC"), ("gem_score", 85.5), ("note", "two words\nand a newline"), ("api_key", "sk"));

        var line = Assert.Single(capture.RawLines());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO +scan_completed +\[AutoTrader\.Core\.Pipeline\]", line);
        Assert.Contains(" token_symbol=BTC", line, StringComparison.Ordinal);
        Assert.Contains(" gem_score=85.5", line, StringComparison.Ordinal);
        Assert.Contains(" note=\"two words\\nand a newline\"", line, StringComparison.Ordinal);
        Assert.Contains(" api_key=[REDACTED]", line, StringComparison.Ordinal);
    }
}
