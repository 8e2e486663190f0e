using System.Globalization;
using System.Text.Json;

namespace AutoTrader.Scanner.Sources;

/// <summary>
/// Reads an upstream's JSON reply defensively: every accessor checks the value's kind and range and
/// fails as <c>malformed_response</c>, naming the upstream and the field but never the value, which
/// is the upstream's to choose and may be anything.
/// </summary>
/// <param name="upstream">The source and endpoint, as messages name them: <c>binance /orderbook</c>.</param>
internal readonly struct ReplyReader(string upstream)
{
    /// <summary>The source and endpoint, as messages name them.</summary>
    public string Upstream => upstream;

    /// <summary>A <c>malformed_response</c> error: <paramref name="problem"/> completes "{upstream} answered …".</summary>
    public DataSourceException Malformed(string problem) => new("malformed_response", $"{upstream} answered {problem}");

    /// <summary>Fails unless <paramref name="element"/> is of <paramref name="kind"/>; <paramref name="what"/> names it.</summary>
    public JsonElement Expect(JsonElement element, JsonValueKind kind, string what) =>
        element.ValueKind == kind ? element : throw Malformed($"{Describe(element.ValueKind)} where {what} should be {Describe(kind)}");

    /// <summary>The required <paramref name="name"/> of <paramref name="obj"/>, of <paramref name="kind"/>.</summary>
    public JsonElement Required(JsonElement obj, string name, JsonValueKind kind) =>
        Optional(obj, name, kind) ?? throw Malformed($"a reply without '{name}'");

    /// <summary>The optional <paramref name="name"/> of <paramref name="obj"/>: null when absent or null, an error when of another kind.</summary>
    public JsonElement? Optional(JsonElement obj, string name, JsonValueKind kind)
    {
        Expect(obj, JsonValueKind.Object, "the object holding '" + name + "'");
        return !obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null : Expect(value, kind, $"'{name}'");
    }

    /// <summary>The text of a string element, failing when it is not valid UTF-8 or UTF-16.</summary>
    public string Text(JsonElement element, string what)
    {
        Expect(element, JsonValueKind.String, what);
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            // The parser checks JSON structure, not the encoding inside strings; only decoding tells.
            throw new DataSourceException("malformed_response", $"{upstream} answered {what} that is not valid text", e);
        }
    }

    /// <summary>A JSON number, finite, at least <paramref name="min"/> and at most <paramref name="max"/>.</summary>
    public double Number(JsonElement element, string what, double min, double max = double.MaxValue)
    {
        Expect(element, JsonValueKind.Number, what);
        return element.TryGetDouble(out var value) ? InRange(value, what, min, max) : throw OutOfRange(what, min, max);
    }

    /// <summary>A decimal given as a string (<c>"63990.00"</c>) or as a number, finite and within the range.</summary>
    public double Decimal(JsonElement element, string what, double min, double max = double.MaxValue)
    {
        if (element.ValueKind == JsonValueKind.Number)
        {
            return Number(element, what, min, max);
        }

        var text = Text(element, what);
        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            ? InRange(value, what, min, max)
            : throw Malformed($"{what} that is not a decimal number");
    }

    /// <summary>A JSON integer within the range.</summary>
    public long Integer(JsonElement element, string what, long min, long max)
    {
        Expect(element, JsonValueKind.Number, what);
        return element.TryGetInt64(out var value) && value >= min && value <= max
            ? value
            : throw Malformed(string.Create(CultureInfo.InvariantCulture, $"{what} that is not an integer from {min} to {max}"));
    }

    private double InRange(double value, string what, double min, double max) =>
        double.IsFinite(value) && value >= min && value <= max ? value : throw OutOfRange(what, min, max);

    private DataSourceException OutOfRange(string what, double min, double max) =>
        Malformed(max == double.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"{what} that is not a finite number of at least {min}")
            : string.Create(CultureInfo.InvariantCulture, $"{what} that is not a finite number from {min} to {max}"));

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
