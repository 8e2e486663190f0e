using System.Diagnostics.Metrics;

namespace AutoTrader.Observability.Metrics;

/// <summary>
/// The thread pool's thread count and queue length as up-down counters (Prometheus gauges), in
/// place of the .NET runtime's own.
/// </summary>
/// <remarks>
/// The <c>System.Runtime</c> meter publishes <c>dotnet.thread_pool.thread.count</c> and
/// <c>dotnet.thread_pool.queue.length</c> as <c>ObservableCounter</c>, though both go down
/// (https://github.com/dotnet/runtime/issues/126167, and https://github.com/dotnet/runtime/issues/112077
/// for the thread count; https://github.com/dotnet/runtime/pull/126482 changed the queue length on
/// the runtime's main branch). Checked on .NET 10.0.12: both are still
/// <c>ObservableCounter`1</c>, so they would be exposed as counters named <c>..._total</c>, and
/// <c>rate()</c> on them would be wrong. The metrics pipeline drops the runtime's two instruments
/// and listens to these, which have the runtime's names, units and descriptions and the
/// instrument type of the fix, so they are exposed under the names the fixed runtime will give
/// them: <c>dotnet_thread_pool_thread_count_value</c> and <c>dotnet_thread_pool_queue_length</c>.
/// Once the runtime in use publishes them as <c>ObservableUpDownCounter</c>, delete this class and
/// the view that drops the runtime's instruments: the series stay the same.
/// Process-wide, like the values they read: every host's pipeline listens to the same meter.
/// </remarks>
internal static class ThreadPoolGauges
{
    /// <summary>The meter of these instruments.</summary>
    public const string MeterName = "AutoTrader.Runtime";

    /// <summary>The runtime's instruments these replace.</summary>
    public static readonly IReadOnlySet<string> Replaced = new HashSet<string>(StringComparer.Ordinal)
    {
        "dotnet.thread_pool.thread.count",
        "dotnet.thread_pool.queue.length",
    };

    private static readonly Meter Meter = Create();

    /// <summary>Creates the instruments (once per process) before a pipeline listens to <see cref="MeterName"/>.</summary>
    public static void EnsureCreated() => GC.KeepAlive(Meter);

    private static Meter Create()
    {
        var meter = new Meter(MeterName);
        meter.CreateObservableUpDownCounter("dotnet.thread_pool.thread.count", static () => (long)ThreadPool.ThreadCount, "{thread}", "The number of thread pool threads that currently exist.");
        meter.CreateObservableUpDownCounter("dotnet.thread_pool.queue.length", static () => ThreadPool.PendingWorkItemCount, "{work_item}", "The number of work items that are currently queued to be processed by the thread pool.");
        return meter;
    }
}
