namespace AutoTrader.Scanner.Sources;

/// <summary>
/// A data source or LLM call that failed; <see cref="ErrorType"/> is the <c>error_type</c> label:
/// <list type="bullet">
/// <item><c>timeout</c>: no complete answer within the configured time (headers or body);</item>
/// <item><c>rate_limited</c>: the upstream answered 429;</item>
/// <item><c>http_error</c>: any other status outside 2xx (redirects are not followed);</item>
/// <item><c>malformed_response</c>: a 2xx answer that is not the documented reply: empty, not JSON,
/// truncated, nested deeper than the parser allows, a field missing, null or of another type, a
/// number that is not finite or out of range (a negative price, a 1e400), or an error object
/// (<c>{"error":…}</c>, <c>{"code":-1121,"msg":…}</c>) where data was expected;</item>
/// <item><c>response_too_large</c>: the body is larger than the endpoint's cap (declared or read);</item>
/// <item><c>connection_error</c>: no connection, or the connection broke before the body ended;</item>
/// <item><c>injected_fault</c>: failed on purpose by <c>fault_error_rate</c>;</item>
/// <item><c>circuit_open</c>: refused by the open circuit breaker without calling the upstream;</item>
/// <item><c>unexpected_error</c>: the source failed in a way none of the above describes (a defect),
/// classified by <see cref="ObservedSource{T}"/> or the narrator so that it is still counted and typed;</item>
/// <item><c>api_error</c>: the generic type of the parameterless constructors.</item>
/// </list>
/// Messages name the source and endpoint (<c>coingecko /coins/markets answered 503 Service Unavailable</c>),
/// never the request URL, its query string or a credential.
/// </summary>
public sealed class DataSourceException : Exception
{
    /// <summary>Every <see cref="ErrorType"/> this project raises, as documented above and in <c>docs/scanner.md</c>.</summary>
    public static readonly IReadOnlyList<string> ErrorTypes =
    [
        "timeout", "rate_limited", "http_error", "malformed_response", "response_too_large",
        "connection_error", "injected_fault", "circuit_open", "unexpected_error", "api_error",
    ];

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

    /// <summary>The HTTP status of an <c>http_error</c> or <c>rate_limited</c> answer; null otherwise.</summary>
    public int? HttpStatus { get; init; }
}
