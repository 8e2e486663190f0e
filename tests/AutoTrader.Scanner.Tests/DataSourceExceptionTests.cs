using AutoTrader.Observability.Tests;
using AutoTrader.Scanner.Sources;

namespace AutoTrader.Scanner.Tests;

public sealed class DataSourceExceptionTests
{
    [Fact]
    public void Every_error_type_has_a_row_in_the_scanner_guide()
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "scanner.md"));

        Assert.All(DataSourceException.ErrorTypes, type => Assert.Contains($"\n| `{type}` | ", guide, StringComparison.Ordinal));
    }
}
