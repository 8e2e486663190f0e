namespace AutoTrader.Observability.Configuration;

/// <summary>
/// Invalid configuration. The message names every bad key, its value, where it came
/// from, and what is allowed; start-up stops on it.
/// </summary>
public sealed class ObservabilityConfigurationException : Exception
{
    /// <summary>Creates the exception from one or more problems, one per line.</summary>
    public ObservabilityConfigurationException(IReadOnlyList<string> problems)
        : base(Format(problems)) => Problems = problems;

    /// <summary>Creates the exception from one problem.</summary>
    public ObservabilityConfigurationException(string problem)
        : this([problem])
    {
    }

    /// <summary>Creates the exception from one problem and its cause.</summary>
    public ObservabilityConfigurationException(string problem, Exception inner)
        : base(Format([problem]), inner) => Problems = [problem];

    /// <summary>Creates the exception with no detail.</summary>
    public ObservabilityConfigurationException()
        : this("invalid configuration")
    {
    }

    /// <summary>Each problem found, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Format(IReadOnlyList<string> problems) =>
        problems.Count == 1
            ? "Invalid configuration: " + problems[0]
            : "Invalid configuration:" + string.Concat(problems.Select(p => "\n  - " + p));
}
