using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;

namespace AutoTrader.Observability.Logging;

/// <summary>
/// The current span's W3C trace id and span id as the 48 hex ASCII bytes a line writes (32 then 16),
/// held inside a captured <see cref="LogEntry"/>.
/// </summary>
/// <remarks>
/// Kept as the activity's two id strings, the ids would be read by the writer thread on its own
/// core: a cache miss per string, the largest part of the writer's work per access line under load
/// (docs/PERFORMANCE.md, "Trace ids as bytes in a captured line"). Narrowed on the caller's thread,
/// where the strings were just read, they travel in the cache lines of the entry the writer reads
/// anyway.
/// </remarks>
[InlineArray(Length)]
internal struct TraceIdsText
{
    public const int Length = 48;

    private const int TraceIdLength = 32;

    private byte _first;

    /// <summary>Writes the W3C ids of <paramref name="activity"/> into <paramref name="destination"/>; false when there is no W3C activity.</summary>
    public static bool TryWrite(Activity? activity, Span<byte> destination)
    {
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C)
        {
            return false;
        }

        Ascii.FromUtf16(activity.TraceId.ToHexString(), destination[..TraceIdLength], out _);
        Ascii.FromUtf16(activity.SpanId.ToHexString(), destination[TraceIdLength..Length], out _);
        return true;
    }

    /// <summary>The trace id's 32 bytes of <paramref name="ids"/>.</summary>
    public static ReadOnlySpan<byte> TraceId(ReadOnlySpan<byte> ids) => ids[..TraceIdLength];

    /// <summary>The span id's 16 bytes of <paramref name="ids"/>.</summary>
    public static ReadOnlySpan<byte> SpanId(ReadOnlySpan<byte> ids) => ids[TraceIdLength..Length];
}
