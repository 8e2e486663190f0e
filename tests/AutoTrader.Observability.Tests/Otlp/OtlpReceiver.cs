using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AutoTrader.Observability.Tests.Otlp;

/// <summary>
/// An OTLP/HTTP receiver on a free loopback port that keeps every request (path, headers, body)
/// and answers with <see cref="Status"/>, after <see cref="Hold"/> lets it: for what the Aspire
/// Dashboard cannot show (headers, refused exports, a slow backend, the metric streams as sent).
/// </summary>
internal sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public OtlpReceiver()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The base URL, such as <c>http://127.0.0.1:40123</c>.</summary>
    public string Url { get; }

    /// <summary>The status every request is answered with. Default value: 200.</summary>
    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    /// <summary>Requests wait for this before they are answered; set by default.</summary>
    public ManualResetEventSlim Hold { get; } = new(initialState: true);

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public IEnumerable<ReceivedRequest> To(string path) => Requests.Where(r => r.Path == path);

    public void Dispose()
    {
        Hold.Set();
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
        Hold.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => Answer(context));
        }
    }

    private void Answer(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        context.Request.InputStream.CopyTo(body);
        var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new ReceivedRequest(context.Request.Url!.AbsolutePath, headers, body.ToArray()));
        Hold.Wait(TimeSpan.FromSeconds(60));
        context.Response.StatusCode = (int)Status;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.ContentLength64 = 0;
        context.Response.Close();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One request as received.</summary>
internal sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);
