using System.Net;
using System.Text.Json;

namespace AutoTrader.Cli.Tests.Operations;

/// <summary>
/// The receiving end of Alertmanager's webhooks, on a loopback port: keeps every POST (path and
/// JSON body) and answers 200. HttpListener, because the test needs no more than that.
/// </summary>
internal sealed class AlertWebhook : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<Notification> _received = [];
    private readonly Task _loop;
    private readonly Func<TimeSpan> _clock;

    /// <param name="port">A free loopback port.</param>
    /// <param name="clock">The time each notification is stamped with.</param>
    public AlertWebhook(int port, Func<TimeSpan> clock)
    {
        Port = port;
        _clock = clock;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public IReadOnlyList<Notification> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _ = _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed by Dispose
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                var body = await reader.ReadToEndAsync();
                lock (_received)
                {
                    _received.Add(new Notification(_clock(), context.Request.HttpMethod, context.Request.Url!.AbsolutePath, body));
                }
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    /// <summary>One request Alertmanager sent.</summary>
    internal sealed record Notification(TimeSpan At, string Method, string Path, string Body)
    {
        /// <summary>The body as JSON, or null when it is not JSON.</summary>
        public JsonElement? Json
        {
            get
            {
                try
                {
                    return JsonDocument.Parse(Body).RootElement;
                }
                catch (JsonException)
                {
                    return null;
                }
            }
        }
    }
}
