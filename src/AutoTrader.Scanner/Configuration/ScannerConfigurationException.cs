using AutoTrader.Observability.Configuration;

namespace AutoTrader.Scanner.Configuration;

/// <summary>
/// An invalid scanner configuration (<c>configs/scanner.yaml</c>, its environment variables). The
/// message names every bad key, its value, where it came from, and what is allowed; start-up stops on it.
/// </summary>
public sealed class ScannerConfigurationException : Exception
{
    /// <summary>Creates the exception from one problem, stated whole.</summary>
    public ScannerConfigurationException(string message)
        : base(message) => Problems = [message];

    /// <summary>Creates the exception from one problem, stated whole, and its cause.</summary>
    public ScannerConfigurationException(string message, Exception inner)
        : base(message, inner) => Problems = [message];

    /// <summary>Creates the exception with no detail.</summary>
    public ScannerConfigurationException()
        : this("Invalid configuration: invalid scanner configuration")
    {
    }

    // The loader shared with the observability configuration finds the problems and words them.
    internal ScannerConfigurationException(ObservabilityConfigurationException found)
        : base(found.Message, found) => Problems = found.Problems;

    /// <summary>Each problem found, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }
}
