using System.Collections;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// The body and attributes of one OTLP log record, gathered on the caller's thread from what its
/// console line holds: the event's fields, then its bound context, then its scopes' pairs (a key
/// already taken is skipped, as on the line), then the text of other scopes under <c>scope</c>.
/// Redacted names carry <c>[REDACTED]</c>; objects carry the JSON the line holds for them.
/// </summary>
/// <remarks>
/// Handed to the SDK's logger as its state: the SDK copies the attributes into its record before
/// the call returns, so one instance per thread serves every event.
/// </remarks>
internal sealed class OtlpLogAttributes : IReadOnlyList<KeyValuePair<string, object?>>, IScopeVisitor
{
    /// <summary>The record's body is the console line's <c>event</c>.</summary>
    public static readonly Func<OtlpLogAttributes, Exception?, string> BodyOf = static (attributes, _) => attributes.Body;

    private static readonly object Redacted = LogSchema.Redacted;

    [ThreadStatic]
    private static OtlpLogAttributes? t_cached;

    private readonly List<KeyValuePair<string, object?>> _items = [];
    private readonly List<string> _plainScopes = [];
    private LogLineSettings _settings = null!;

    /// <summary>The event name, or the classic call's formatted (and redacted) message.</summary>
    public string Body { get; private set; } = "";

    public int Count => _items.Count;

    public KeyValuePair<string, object?> this[int index] => _items[index];

    /// <summary>The thread's instance, or a new one when it is in use (a value's <c>ToString</c> that logs).</summary>
    public static OtlpLogAttributes Acquire(LogLineSettings settings)
    {
        var attributes = t_cached ?? new OtlpLogAttributes();
        t_cached = null;
        attributes._settings = settings;
        return attributes;
    }

    /// <summary>Empties the instance and gives it back to the thread.</summary>
    public void Release()
    {
        _items.Clear();
        _plainScopes.Clear();
        Body = "";
        t_cached = this;
    }

    /// <summary>A structured event: its name, fields and bound context.</summary>
    public void AddEvent(in StructuredLogState state)
    {
        Body = state.Event;
        foreach (ref readonly var field in state.Fields)
        {
            Add(field);
        }

        if (state.Context is { } context)
        {
            foreach (var field in context.Fields)
            {
                Add(field);
            }
        }
    }

    /// <summary>A classic <c>ILogger</c> call: its message and its template's holes.</summary>
    public void AddClassic<TState>(ref TState state, Exception? exception, Func<TState, Exception?, string>? formatter)
    {
        Body = EventText.MessageOf(_settings, ref state, exception, formatter);
        if (state is IReadOnlyList<KeyValuePair<string, object?>> properties)
        {
            LogScopes.VisitPairs(properties, this);
        }
    }

    /// <summary>The pairs and bound context of the current scopes, then the text of the others.</summary>
    public void AddScopes(IExternalScopeProvider scopes)
    {
        scopes.ForEachScope(static (scope, self) => LogScopes.Visit(scope, self), this);
        if (_plainScopes.Count > 0 && !Has(LogSchema.Scope))
        {
            _items.Add(new(LogSchema.Scope, _plainScopes.ToArray()));
        }
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void IScopeVisitor.Field(in LogField field) => Add(field);

    void IScopeVisitor.Pair(string key, object? value) => Add(key, value);

    void IScopeVisitor.Plain(object scope) => _plainScopes.Add(EventText.SafeToString(scope));

    private void Add(in LogField field)
    {
        if (!Has(field.Key))
        {
            _items.Add(new(field.Key, _settings.KeyOf(field.Key).Redacted ? Redacted : field.Kind switch
            {
                LogFieldKind.String => field.Reference,
                LogFieldKind.Integer => field.Integer,
                LogFieldKind.Float => field.Float,
                LogFieldKind.Boolean => field.Boolean,
                LogFieldKind.Null => null,
                _ => ValueOf(field.Reference),
            }));
        }
    }

    private void Add(string key, object? value)
    {
        if (!Has(key))
        {
            _items.Add(new(key, _settings.KeyOf(key).Redacted ? Redacted : ValueOf(value)));
        }
    }

    private bool Has(string key)
    {
        foreach (var item in _items)
        {
            if (string.Equals(item.Key, key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What OTLP carries for a value: strings, booleans and numbers as themselves (integers as
    /// 64-bit, other numbers as doubles), times and identifiers as the text the line holds, and
    /// anything else (a list, a dictionary, an exception) as the JSON the line holds for it.
    /// </summary>
    private object? ValueOf(object? value) => value switch
    {
        null or string or bool or long or double => value,
        int or short or byte or sbyte or uint or ushort => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ulong u => u <= long.MaxValue ? (long)u : u.ToString(CultureInfo.InvariantCulture),
        float f => (double)f,
        decimal m => (double)m,
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
        Enum or Guid or TimeSpan or Uri or char => value.ToString(),
        _ => Json(value),
    };

    private string Json(object value)
    {
        var builder = JsonLineBuilder.Acquire();
        try
        {
            return builder.ValueJson(_settings, value);
        }
        finally
        {
            builder.Release();
        }
    }
}
