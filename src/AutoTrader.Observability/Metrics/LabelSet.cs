namespace AutoTrader.Observability.Metrics;

/// <summary>
/// One label set a metric keeps: its label values as recorded and the tags handed to the SDK,
/// built once, when the cardinality guard admits the set (or, for the overflow series, when the
/// guard is made), so that recording into it builds nothing.
/// </summary>
internal sealed class LabelSet
{
    public LabelSet(IReadOnlyList<string> labelNames, ReadOnlySpan<string> values)
    {
        Values = values.ToArray();
        Tags = new KeyValuePair<string, object?>[Values.Length];
        for (var i = 0; i < Values.Length; i++)
        {
            Tags[i] = new(labelNames[i], Values[i]);
        }
    }

    /// <summary>The label values, one per label name, as recorded (null made empty, oversize values cut).</summary>
    public string[] Values { get; }

    /// <summary>The tags of a measurement in this set.</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    /// <summary>
    /// True when each of <paramref name="values"/> is the very string this set holds, not only an
    /// equal one: then the values need neither cleaning nor comparing by content.
    /// </summary>
    public bool HoldsTheseStrings(ReadOnlySpan<string?> values)
    {
        var own = Values;
        if (own.Length != values.Length)
        {
            return false;
        }

        for (var i = 0; i < own.Length; i++)
        {
            if (!ReferenceEquals(own[i], values[i]))
            {
                return false;
            }
        }

        return true;
    }
}
