namespace AutoTrader.Observability.Tests.Tracing;

/// <summary>
/// Every tracer provider listens to the one process-wide AutoTrader source, so tests that build
/// one run one at a time: a provider of another test would otherwise see (and sample) their spans.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingTestGroup
{
    public const string Name = "Tracing";
}
