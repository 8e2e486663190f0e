using System.Net.Sockets;
using System.Text;

namespace AutoTrader.Cli.Tests;

/// <summary>Requests written by hand on a socket, for what HttpClient will not send (no Host header, HTTP/1.0).</summary>
internal static class RawHttp
{
    /// <summary>Sends <paramref name="request"/> to 127.0.0.1:<paramref name="port"/> and returns the whole response as text.</summary>
    public static async Task<string> SendAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10)); // HTTP/1.0: the server closes after the response
    }

    /// <summary>The status code of a response's status line.</summary>
    public static int StatusOf(string response) => int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
}
