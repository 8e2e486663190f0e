using Microsoft.AspNetCore.Http;

namespace AutoTrader.Scanner.Tests.Hostile;

/// <summary>How a <see cref="HostileReply"/> sends its body.</summary>
public enum Delivery
{
    /// <summary>At once, with a Content-Length.</summary>
    Whole,

    /// <summary>At once, chunked, so the client learns its size only by reading it.</summary>
    Chunked,

    /// <summary>In ten pieces a few milliseconds apart, well within any timeout.</summary>
    Dribbled,

    /// <summary>The first half, then nothing until the client gives up.</summary>
    Stalled,

    /// <summary>All of it under a Content-Length a hundred bytes longer, then the connection drops.</summary>
    ShortOfItsLength,
}

/// <summary>
/// One reply of a hostile upstream, as the stub sends it, and what a client must make of it.
/// </summary>
/// <param name="Name">What was done to the real reply, to name the variant in failures.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body, sent as is.</param>
/// <param name="Expected">
/// <see cref="Expect.Value"/>: the client returns a value; <see cref="Expect.Nothing"/>: it returns null
/// (the source does not know the symbol); an error type: it fails with that type;
/// <see cref="Expect.AnyTyped"/>: a value, null or any documented error type.
/// </param>
public sealed record HostileReply(string Name, int Status, byte[] Body, string Expected)
{
    public Delivery Delivery { get; init; } = Delivery.Whole;

    public string ContentType { get; init; } = "application/json";

    /// <summary>Sent as a <c>Location</c> header, for redirects.</summary>
    public string? Location { get; init; }

    public override string ToString() => Name;

    public async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = Status;
        context.Response.ContentType = ContentType;
        if (Location is not null)
        {
            context.Response.Headers.Location = Location;
        }

        if (Status is 204 or 304)
        {
            return; // these statuses cannot carry a body
        }

        var aborted = context.RequestAborted;
        switch (Delivery)
        {
            case Delivery.Whole:
                context.Response.ContentLength = Body.Length;
                await context.Response.Body.WriteAsync(Body, aborted);
                break;
            case Delivery.Chunked:
                await context.Response.Body.WriteAsync(Body, aborted);
                break;
            case Delivery.Dribbled:
                var piece = Math.Max(1, (Body.Length + 9) / 10);
                for (var offset = 0; offset < Body.Length; offset += piece)
                {
                    await context.Response.Body.WriteAsync(Body.AsMemory(offset, Math.Min(piece, Body.Length - offset)), aborted);
                    await context.Response.Body.FlushAsync(aborted);
                    await Task.Delay(TimeSpan.FromMilliseconds(5), aborted);
                }

                break;
            case Delivery.ShortOfItsLength:
                context.Response.ContentLength = Body.Length + 100;
                await context.Response.Body.WriteAsync(Body, aborted);
                break;
            case Delivery.Stalled:
                context.Response.ContentLength = Body.Length;
                await context.Response.Body.WriteAsync(Body.AsMemory(0, Body.Length / 2), aborted);
                await context.Response.Body.FlushAsync(aborted);
                await Task.Delay(Timeout.InfiniteTimeSpan, aborted);
                break;
        }
    }
}

/// <summary>The outcomes a <see cref="HostileReply"/> can demand besides an error type.</summary>
public static class Expect
{
    public const string Value = "(a value)";

    public const string Nothing = "(null)";

    public const string AnyTyped = "(any typed outcome)";
}
