namespace AutoTrader.Observability.Metrics;

/// <summary>
/// Compares label-value sets by content, and lets a dictionary keyed by <c>string[]</c> be
/// searched with a <see cref="ReadOnlySpan{T}"/> so that looking up a known set allocates nothing.
/// </summary>
internal sealed class LabelSetComparer : IEqualityComparer<string[]>, IAlternateEqualityComparer<ReadOnlySpan<string>, string[]>
{
    public static readonly LabelSetComparer Instance = new();

    public bool Equals(string[]? x, string[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(string[] obj) => GetHashCode((ReadOnlySpan<string>)obj);

    public bool Equals(ReadOnlySpan<string> alternate, string[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<string> alternate)
    {
        var hash = new HashCode();
        foreach (var value in alternate)
        {
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public string[] Create(ReadOnlySpan<string> alternate) => alternate.ToArray();
}
