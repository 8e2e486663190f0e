using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AutoTrader.Observability.Tracing;

/// <summary>
/// One traced operation, from <see cref="AutoTraderTracing.TraceOperation"/> to <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// A struct, so that an operation nobody samples allocates nothing. Copies share the same span.
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public readonly struct OperationScope : IDisposable, IEquatable<OperationScope>
{
    internal OperationScope(Activity? activity) => Activity = activity;

    /// <summary>The span, or null when it is not sampled or nobody listens.</summary>
    public Activity? Activity { get; }

    /// <summary>
    /// Marks the span as failed with <paramref name="exception"/> (status error and an
    /// <c>exception</c> event), or as cancelled when it is an <see cref="OperationCanceledException"/>.
    /// Returns false, so that <c>catch (Exception ex) when (scope.Fail(ex))</c> records the
    /// exception and lets it continue unchanged.
    /// </summary>
    public bool Fail(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (Activity is not null)
        {
            SpanOutcome.Record(Activity, exception);
        }

        return false;
    }

    /// <summary>Ends the span.</summary>
    public void Dispose() => Activity?.Dispose();

    /// <inheritdoc/>
    public bool Equals(OperationScope other) => ReferenceEquals(Activity, other.Activity);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is OperationScope other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Activity?.GetHashCode() ?? 0;

    /// <summary>Whether both scopes hold the same span.</summary>
    public static bool operator ==(OperationScope left, OperationScope right) => left.Equals(right);

    /// <summary>Whether the scopes hold different spans.</summary>
    public static bool operator !=(OperationScope left, OperationScope right) => !left.Equals(right);
}
