using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace AutoTrader.Observability.Tracing;

public static partial class AutoTraderTracing
{
    /// <summary>
    /// Runs <paramref name="function"/> inside a span, the counterpart of the guide's
    /// <c>@trace_function</c>. The span is named <paramref name="name"/>, or by default after the
    /// declaring type and method (<c>TokenScanner.Score</c>). An exception marks the span failed and
    /// propagates unchanged; an <see cref="OperationCanceledException"/> marks it cancelled.
    /// </summary>
    public static T Trace<T>(Func<T> function, string? name = null, [CallerMemberName] string caller = "")
    {
        ArgumentNullException.ThrowIfNull(function);
        if (!Source.HasListeners())
        {
            return function();
        }

        using var activity = Source.StartActivity(name ?? TracedFunctionNames.Of(function, caller));
        try
        {
            return function();
        }
        catch (Exception ex) when (RecordOutcome(activity, ex))
        {
            throw; // unreachable: RecordOutcome returns false so the exception is never caught
        }
    }

    /// <summary>Runs <paramref name="action"/> inside a span; see <see cref="Trace{T}(Func{T}, string?, string)"/>.</summary>
    public static void Trace(Action action, string? name = null, [CallerMemberName] string caller = "")
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!Source.HasListeners())
        {
            action();
            return;
        }

        using var activity = Source.StartActivity(name ?? TracedFunctionNames.Of(action, caller));
        try
        {
            action();
        }
        catch (Exception ex) when (RecordOutcome(activity, ex))
        {
            throw;
        }
    }

    /// <summary>
    /// Runs asynchronous work inside a span that ends when the work completes, the counterpart of
    /// <c>@trace_async_function</c>; see <see cref="Trace{T}(Func{T}, string?, string)"/>. When no
    /// tracer provider listens, it only calls <paramref name="function"/>.
    /// </summary>
    /// <remarks>
    /// An <c>async</c> lambda converts to both <see cref="Task"/> and <see cref="ValueTask"/>
    /// delegates; the <see cref="Task"/> overloads are preferred so such calls are not ambiguous.
    /// </remarks>
    [OverloadResolutionPriority(1)]
    public static Task TraceAsync(Func<Task> function, string? name = null, [CallerMemberName] string caller = "")
    {
        ArgumentNullException.ThrowIfNull(function);
        return Source.HasListeners() ? Traced(function, name ?? TracedFunctionNames.Of(function, caller)) : function();

        static async Task Traced(Func<Task> function, string name)
        {
            using var activity = Source.StartActivity(name);
            try
            {
                await function().ConfigureAwait(false);
            }
            catch (Exception ex) when (RecordOutcome(activity, ex))
            {
                throw;
            }
        }
    }

    /// <inheritdoc cref="TraceAsync(Func{Task}, string?, string)"/>
    [OverloadResolutionPriority(1)]
    public static Task<T> TraceAsync<T>(Func<Task<T>> function, string? name = null, [CallerMemberName] string caller = "")
    {
        ArgumentNullException.ThrowIfNull(function);
        return Source.HasListeners() ? Traced(function, name ?? TracedFunctionNames.Of(function, caller)) : function();

        static async Task<T> Traced(Func<Task<T>> function, string name)
        {
            using var activity = Source.StartActivity(name);
            try
            {
                return await function().ConfigureAwait(false);
            }
            catch (Exception ex) when (RecordOutcome(activity, ex))
            {
                throw;
            }
        }
    }

    /// <inheritdoc cref="TraceAsync(Func{Task}, string?, string)"/>
    public static ValueTask TraceAsync(Func<ValueTask> function, string? name = null, [CallerMemberName] string caller = "")
    {
        ArgumentNullException.ThrowIfNull(function);
        return Source.HasListeners() ? Traced(function, name ?? TracedFunctionNames.Of(function, caller)) : function();

        static async ValueTask Traced(Func<ValueTask> function, string name)
        {
            using var activity = Source.StartActivity(name);
            try
            {
                await function().ConfigureAwait(false);
            }
            catch (Exception ex) when (RecordOutcome(activity, ex))
            {
                throw;
            }
        }
    }

    /// <inheritdoc cref="TraceAsync(Func{Task}, string?, string)"/>
    public static ValueTask<T> TraceAsync<T>(Func<ValueTask<T>> function, string? name = null, [CallerMemberName] string caller = "")
    {
        ArgumentNullException.ThrowIfNull(function);
        return Source.HasListeners() ? Traced(function, name ?? TracedFunctionNames.Of(function, caller)) : function();

        static async ValueTask<T> Traced(Func<ValueTask<T>> function, string name)
        {
            using var activity = Source.StartActivity(name);
            try
            {
                return await function().ConfigureAwait(false);
            }
            catch (Exception ex) when (RecordOutcome(activity, ex))
            {
                throw;
            }
        }
    }

    private static bool RecordOutcome(Activity? activity, Exception exception)
    {
        if (activity is not null)
        {
            SpanOutcome.Record(activity, exception);
        }

        return false;
    }
}
