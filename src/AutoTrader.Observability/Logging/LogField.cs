using System.Runtime.InteropServices;

namespace AutoTrader.Observability.Logging;

#pragma warning disable CA1720 // the members are named for the JSON types they write

/// <summary>
/// One structured field of a log event: a key and a value that keeps its JSON type. Numbers,
/// booleans and strings are stored without boxing, so that logging them allocates nothing.
/// </summary>
/// <remarks>
/// Written as a tuple at the call site: <c>logger.Info("scan_started", ("token_symbol", "BTC"), ("gem_score", 85.5))</c>.
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public readonly struct LogField
{
    private readonly long _number;

    private LogField(string key, LogFieldKind kind, long number, object? reference)
    {
        Key = key;
        Kind = kind;
        _number = number;
        Reference = reference;
    }

    /// <summary>The field's name, written as a top-level JSON key.</summary>
    public string Key { get; }

    /// <summary>Which of the value properties holds the value.</summary>
    public LogFieldKind Kind { get; }

    /// <summary>The value when <see cref="Kind"/> is <see cref="LogFieldKind.Integer"/>.</summary>
    public long Integer => _number;

    /// <summary>The value when <see cref="Kind"/> is <see cref="LogFieldKind.Float"/>.</summary>
    public double Float => BitConverter.Int64BitsToDouble(_number);

    /// <summary>The value when <see cref="Kind"/> is <see cref="LogFieldKind.Boolean"/>.</summary>
    public bool Boolean => _number != 0;

    /// <summary>The value when <see cref="Kind"/> is <see cref="LogFieldKind.String"/> or <see cref="LogFieldKind.Object"/>.</summary>
    public object? Reference { get; }

    /// <summary>The value, boxed when it is a number or a boolean.</summary>
    public object? Value => Kind switch
    {
        LogFieldKind.Integer => Integer,
        LogFieldKind.Float => Float,
        LogFieldKind.Boolean => Boolean,
        _ => Reference,
    };

    /// <summary>A string field; null is written as JSON null.</summary>
    public static LogField String(string key, string? value) =>
        new(key, value is null ? LogFieldKind.Null : LogFieldKind.String, 0, value);

    /// <summary>An integer field.</summary>
    public static LogField Int(string key, long value) => new(key, LogFieldKind.Integer, value, null);

    /// <summary>A floating-point field; NaN and infinities are written as strings.</summary>
    public static LogField Double(string key, double value) => new(key, LogFieldKind.Float, BitConverter.DoubleToInt64Bits(value), null);

    /// <summary>A boolean field.</summary>
    public static LogField Bool(string key, bool value) => new(key, LogFieldKind.Boolean, value ? 1 : 0, null);

    /// <summary>
    /// A field of any type: primitives keep their JSON type, dictionaries become objects, other
    /// sequences arrays, anything else its <see cref="object.ToString"/>.
    /// </summary>
    public static LogField Of(string key, object? value) => value switch
    {
        null => new(key, LogFieldKind.Null, 0, null),
        string s => String(key, s),
        bool b => Bool(key, b),
        int i => Int(key, i),
        long l => Int(key, l),
        short s => Int(key, s),
        byte b => Int(key, b),
        uint u => Int(key, u),
        double d => Double(key, d),
        float f => Double(key, f),
        _ => new(key, LogFieldKind.Object, 0, value),
    };

#pragma warning disable CA2225 // the tuple form is the API; the named factories above are its alternates
    /// <summary>A string field from a tuple.</summary>
    public static implicit operator LogField((string Key, string? Value) field) => String(field.Key, field.Value);

    /// <summary>An integer field from a tuple.</summary>
    public static implicit operator LogField((string Key, int Value) field) => Int(field.Key, field.Value);

    /// <summary>An integer field from a tuple.</summary>
    public static implicit operator LogField((string Key, long Value) field) => Int(field.Key, field.Value);

    /// <summary>A floating-point field from a tuple.</summary>
    public static implicit operator LogField((string Key, double Value) field) => Double(field.Key, field.Value);

    /// <summary>A floating-point field from a tuple.</summary>
    public static implicit operator LogField((string Key, float Value) field) => Double(field.Key, field.Value);

    /// <summary>A boolean field from a tuple.</summary>
    public static implicit operator LogField((string Key, bool Value) field) => Bool(field.Key, field.Value);

    /// <summary>A field of any other type from a tuple; see <see cref="Of"/>.</summary>
    public static implicit operator LogField((string Key, object? Value) field) => Of(field.Key, field.Value);
#pragma warning restore CA2225

    /// <inheritdoc />
    public override string ToString() => $"{Key}={Value}";
}

/// <summary>How a <see cref="LogField"/> stores its value.</summary>
public enum LogFieldKind
{
    /// <summary>JSON null.</summary>
    Null,

    /// <summary>A string.</summary>
    String,

    /// <summary>A 64-bit integer.</summary>
    Integer,

    /// <summary>A double.</summary>
    Float,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>Any other object.</summary>
    Object,
}
