namespace AutoTrader.Observability.Logging;

/// <summary>What a line takes from one logging scope, told to whoever walks the scopes.</summary>
internal interface IScopeVisitor
{
    /// <summary>A field of bound context pushed as a scope.</summary>
    void Field(in LogField field);

    /// <summary>A key and value of a scope of pairs (ASP.NET Core's, a message template's holes).</summary>
    void Pair(string key, object? value);

    /// <summary>A scope that is neither: written as text under <c>scope</c>.</summary>
    void Plain(object scope);
}

/// <summary>
/// The kinds of scope a line takes fields from, in one place for the in-place formatter
/// (<see cref="JsonLineBuilder"/>) and the capture (<see cref="LogEntry"/>), which must agree.
/// </summary>
internal static class LogScopes
{
    public static void Visit<TVisitor>(object? scope, TVisitor visitor)
        where TVisitor : IScopeVisitor
    {
        switch (scope)
        {
            case null:
                break;
            case BoundContext context:
                foreach (var field in context.Fields)
                {
                    visitor.Field(field);
                }

                break;
            case IReadOnlyList<KeyValuePair<string, object?>> list: // ASP.NET Core's scopes: indexed, no enumerator to allocate
                VisitPairs(list, visitor);
                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var (key, value) in pairs)
                {
                    if (key != "{OriginalFormat}")
                    {
                        visitor.Pair(key, value);
                    }
                }

                break;
            default:
                visitor.Plain(scope);
                break;
        }
    }

    /// <summary>Tells the pairs of a scope or a classic call's state, without the template a message-template state carries.</summary>
    public static void VisitPairs<TVisitor>(IReadOnlyList<KeyValuePair<string, object?>> pairs, TVisitor visitor)
        where TVisitor : IScopeVisitor
    {
        for (var i = 0; i < pairs.Count; i++)
        {
            var (key, value) = pairs[i];
            if (key != "{OriginalFormat}")
            {
                visitor.Pair(key, value);
            }
        }
    }
}
