using System.Diagnostics.Metrics;
using AutoTrader.Observability.Metrics.Exposition;

namespace AutoTrader.Observability.Metrics;

/// <summary>The Prometheus family an instrument defined outside the catalog (the runtime's, the framework's) becomes on <c>/metrics</c>.</summary>
internal static class InstrumentFamily
{
    /// <summary>What the OpenTelemetry SDK makes of an instrument: a monotonic sum is a counter, a histogram a histogram, the rest gauges.</summary>
    public static string TypeOf(Instrument instrument) => instrument.GetType().GetGenericTypeDefinition() switch
    {
        var t when t == typeof(Counter<>) || t == typeof(ObservableCounter<>) => "counter",
        var t when t == typeof(Histogram<>) => "histogram",
        _ => "gauge",
    };

    /// <summary>The family name the serializer gives the instrument (unit suffix, <c>_total</c>, <c>_value</c>).</summary>
    public static string NameOf(Instrument instrument)
    {
        var type = TypeOf(instrument);
        return OpenTelemetryToPrometheus.FamilyName(instrument.Name, instrument.Unit, type == "counter", type == "histogram");
    }
}
