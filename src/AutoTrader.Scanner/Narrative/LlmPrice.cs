using Microsoft.Extensions.Configuration;

namespace AutoTrader.Scanner.Narrative;

/// <summary>The price of one model.</summary>
public sealed class LlmPrice
{
    /// <summary>USD per million input (prompt) tokens.</summary>
    [ConfigurationKeyName("input_usd_per_million")]
    public double InputPerMillion { get; set; }

    /// <summary>USD per million output (completion) tokens.</summary>
    [ConfigurationKeyName("output_usd_per_million")]
    public double OutputPerMillion { get; set; }
}
