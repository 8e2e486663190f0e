using System.Diagnostics.Metrics;

namespace AutoTrader.Observability.Tests.Metrics;

/// <summary>Listens to one meter and keeps every measurement: instrument name, value and tags.</summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener listener = new();

    public MeasurementRecorder(Meter meter)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        listener.Start();
    }

    public List<(string Name, double Value, Dictionary<string, string?> Tags)> Measurements { get; } = [];

    /// <summary>Collects the observable instruments now: each reports its series as measurements.</summary>
    public void Observe() => listener.RecordObservableInstruments();

    public void Dispose() => listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString();
        }

        lock (Measurements)
        {
            Measurements.Add((instrument.Name, value, copy));
        }
    }
}
