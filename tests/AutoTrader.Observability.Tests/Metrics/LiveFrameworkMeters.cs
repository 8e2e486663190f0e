using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using AutoTrader.Observability.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Tests.Metrics;

/// <summary>
/// A real Kestrel host that has served a route, a path no route matches, an exception and a method
/// the client invented, called by name (a DNS lookup) through a plain HttpClient, which also tried
/// a closed port: the framework meters' instruments are published for as long as it runs, and every
/// attribute they recorded during those calls is kept, with its value.
/// </summary>
public sealed class LiveFrameworkMeters : IAsyncLifetime
{
    public const string UnroutedPath = "/no-such-route-7f3a";
    public const string InventedMethod = "FOOBAR";

    private readonly MeterListener listener = new();
    private WebApplication? app;

    /// <summary>Attribute keys and values recorded, by meter and instrument.</summary>
    public ConcurrentDictionary<(string Meter, string Instrument), ConcurrentDictionary<(string Key, string? Value), bool>> Recorded { get; } = new();

    public async Task InitializeAsync()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (FrameworkMeters.MeterNames.Contains(instrument.Meter.Name))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>(Record);
        listener.SetMeasurementEventCallback<long>(Record);
        listener.SetMeasurementEventCallback<double>(Record);
        listener.Start();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context =>
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return Task.CompletedTask;
            },
        });
        app.MapGet("/items/{id}", (string id) => id);
        app.MapGet("/throws", string () => throw new InvalidOperationException("boom"));
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;

        using var client = new HttpClient();
        var root = $"http://localhost:{port}";
        await client.GetAsync(root + "/items/1");
        await client.GetAsync(root + UnroutedPath);
        await client.GetAsync(root + "/throws");
        await client.SendAsync(new HttpRequestMessage(new HttpMethod(InventedMethod), root + "/items/1"));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{ClosedPort()}/"));
        listener.Dispose(); // what the tests record under the framework's meter names is theirs
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private void Record<T>(Instrument instrument, T measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var attributes = Recorded.GetOrAdd((instrument.Meter.Name, instrument.Name), _ => new());
        foreach (var (key, value) in tags)
        {
            attributes[(key, value?.ToString())] = true;
        }
    }

    private static int ClosedPort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}

/// <summary>
/// Tests that read the framework's published instruments or publish some under its names run one
/// at a time, so that the reference is never generated from a test's stand-in.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FrameworkInstrumentsGroup : ICollectionFixture<LiveFrameworkMeters>
{
    public const string Name = "Framework instruments";
}
