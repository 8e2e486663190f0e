using System.Collections;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// Immutable context bound to a logger with <see cref="StructuredLoggerExtensions.Bind"/>. Binding
/// a key again replaces its value in the new context only.
/// </summary>
internal sealed class BoundContext : IReadOnlyList<KeyValuePair<string, object?>>
{
    private BoundContext(LogField[] fields) => Fields = fields;

    public LogField[] Fields { get; }

    public int Count => Fields.Length;

    public KeyValuePair<string, object?> this[int index] => new(Fields[index].Key, Fields[index].Value);

    public static BoundContext Create(BoundContext? parent, ReadOnlySpan<LogField> added)
    {
        var merged = new List<LogField>((parent?.Fields.Length ?? 0) + added.Length);
        if (parent is not null)
        {
            merged.AddRange(parent.Fields);
        }

        foreach (var field in added)
        {
            var at = merged.FindIndex(f => f.Key == field.Key);
            if (at >= 0)
            {
                merged[at] = field;
            }
            else
            {
                merged.Add(field);
            }
        }

        return new BoundContext([.. merged]);
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Fields.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", Fields);
}
