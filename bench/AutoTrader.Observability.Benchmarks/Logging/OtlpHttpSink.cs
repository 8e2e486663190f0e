using System.Net;
using System.Net.Sockets;

namespace AutoTrader.Observability.Benchmarks.Logging;

/// <summary>
/// An OTLP/HTTP endpoint on loopback that reads each request and answers 200, so that the OTLP log
/// row measures the exporter's real work (serialising, sending) rather than a refused connection.
/// </summary>
internal sealed class OtlpHttpSink : IDisposable
{
    private readonly HttpListener _listener = new();
    private long _requests;

    public OtlpHttpSink()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        probe.Stop();
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public long Requests => Interlocked.Read(ref _requests);

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
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

            await context.Request.InputStream.CopyToAsync(Stream.Null);
            context.Response.StatusCode = 200;
            context.Response.ContentLength64 = 0;
            context.Response.Close();
            Interlocked.Increment(ref _requests);
        }
    }
}
