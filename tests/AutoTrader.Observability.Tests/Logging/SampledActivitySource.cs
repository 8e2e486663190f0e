using System.Diagnostics;

namespace AutoTrader.Observability.Tests.Logging;

/// <summary>An activity source whose every span is started and recorded, for tests of trace correlation.</summary>
internal sealed class SampledActivitySource : IDisposable
{
    private readonly ActivitySource _source;
    private readonly ActivityListener _listener;

    public SampledActivitySource(string name)
    {
        _source = new ActivitySource(name);
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s == _source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public Activity? StartActivity(string name) => _source.StartActivity(name);

    public void Dispose()
    {
        _listener.Dispose();
        _source.Dispose();
    }
}
