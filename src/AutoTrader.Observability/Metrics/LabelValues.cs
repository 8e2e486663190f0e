using System.Runtime.CompilerServices;

namespace AutoTrader.Observability.Metrics;

/// <summary>Room for the label values of one measurement, on the stack.</summary>
[InlineArray(MetricRegistry.MaxLabels)]
internal struct LabelValues
{
    private string element;
}
