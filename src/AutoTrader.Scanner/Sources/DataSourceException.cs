namespace AutoTrader.Scanner.Sources;

/// <summary>
/// A data source call that failed; <see cref="ErrorType"/> is the <c>error_type</c> label
/// (<c>timeout</c>, <c>rate_limited</c>, <c>http_error</c>, <c>malformed_response</c>,
/// <c>connection_error</c>, <c>injected_fault</c>, <c>circuit_open</c>).
/// </summary>
public sealed class DataSourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DataSourceException(string errorType, string message, Exception? inner = null)
        : base(message, inner) => ErrorType = errorType;

    /// <summary>Creates the exception with a generic error type.</summary>
    public DataSourceException()
        : this("api_error", "data source call failed")
    {
    }

    /// <summary>Creates the exception with a generic error type.</summary>
    public DataSourceException(string message)
        : this("api_error", message)
    {
    }

    /// <summary>Creates the exception with a generic error type.</summary>
    public DataSourceException(string message, Exception inner)
        : this("api_error", message, inner)
    {
    }

    /// <summary>The <c>error_type</c> label value.</summary>
    public string ErrorType { get; } = "api_error";
}
