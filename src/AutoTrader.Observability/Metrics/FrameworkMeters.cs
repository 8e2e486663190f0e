using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using AutoTrader.Observability.Configuration;
using OpenTelemetry.Metrics;

namespace AutoTrader.Observability.Metrics;

/// <summary>
/// The framework's own meters that <c>metrics.framework_meters</c> exposes, each instrument with the
/// labels it keeps, and the view that applies them.
/// </summary>
/// <remarks>
/// <para>
/// Chosen for an operator of this service. <c>Microsoft.AspNetCore.Hosting</c>: every request as
/// ASP.NET Core measures it, scrapes, probes and requests refused before routing included, from the
/// parsed headers to the last byte sent. <c>Microsoft.AspNetCore.Server.Kestrel</c>: connections
/// (open, queued, refused at <c>MaxConcurrentConnections</c>, how long they lasted and why they
/// ended) and the TLS handshakes of a TLS metrics port. <c>Microsoft.AspNetCore.Diagnostics</c>: the
/// exceptions the exception handler caught, by type. <c>System.Net.Http</c>: the outgoing calls of
/// the scanner's sources, of the LLM and of the OTLP exporter, and their connection pools.
/// <c>System.Net.NameResolution</c>: the DNS lookups of those hosts, a usual cause of failed calls.
/// </para>
/// <para>
/// Left out: <c>Microsoft.AspNetCore.Routing</c> (its match attempts split requests by route and
/// by "no route", which the request duration's <c>http_route</c> already does);
/// <c>Microsoft.AspNetCore.MemoryPool</c> (Kestrel's buffers live on the pinned object heap, which
/// <c>dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="poh"}</c> already shows, and
/// its conventions are still experimental); authentication, authorization, rate limiting, SignalR
/// and header parsing (not used here). <c>System.Net.Sockets</c> and <c>System.Net.Security</c>
/// publish event counters, not meters.
/// </para>
/// <para>
/// No label can take a value a client chooses without bound: ASP.NET Core and HttpClient fold
/// methods they do not know into <c>_OTHER</c>; <c>http.route</c> is the route template, never the
/// path; the scheme and protocol version come from the listener and the parser; Kestrel's
/// <c>server.address</c> and <c>server.port</c> are the listening endpoints, HttpClient's and
/// <c>dns.question.name</c> the configured hosts (the scanner follows no redirect);
/// <c>error.type</c> is an exception type or one of a fixed set of reasons.
/// <see cref="DroppedLabels"/> are not exposed. On top, each instrument keeps at most
/// <c>metrics.cardinality_limit</c> label sets (<c>cardinality_limits</c> by its Prometheus name);
/// the SDK folds further ones into one series labelled <c>otel_metric_overflow="true"</c>.
/// </para>
/// <para>
/// ASP.NET Core creates its meters per host (<see cref="IMeterFactory"/>); another host's in the
/// same process is dropped. The <c>System.Net</c> meters are process-wide, as the runtime's are.
/// An instrument not listed here (one a later .NET adds) is dropped until its labels are checked
/// and it is added; <c>FrameworkMetersTests</c> fails when the runtime publishes one.
/// </para>
/// </remarks>
internal static class FrameworkMeters
{
    private const string Hosting = "Microsoft.AspNetCore.Hosting";
    private const string Kestrel = "Microsoft.AspNetCore.Server.Kestrel";
    private const string Diagnostics = "Microsoft.AspNetCore.Diagnostics";
    private const string HttpClient = "System.Net.Http";
    private const string NameResolution = "System.Net.NameResolution";

    private static readonly string[] KestrelEndpoint = ["network.transport", "network.type", "server.address", "server.port"];
    private static readonly string[] ClientEndpoint = ["server.address", "server.port", "url.scheme"];

    /// <summary>The meters exposed.</summary>
    public static readonly IReadOnlyList<string> MeterNames = [Hosting, Kestrel, Diagnostics, HttpClient, NameResolution];

    /// <summary>Every instrument exposed, with the attributes (OpenTelemetry names) it keeps as labels.</summary>
    public static readonly IReadOnlyList<(string Meter, string Instrument, string[] Labels)> Instruments =
    [
        (Hosting, "http.server.request.duration", ["http.request.method", "url.scheme", "network.protocol.version", "http.route", "http.response.status_code", "error.type", "aspnetcore.request.is_unhandled"]),
        (Hosting, "http.server.active_requests", ["http.request.method", "url.scheme"]),
        (Kestrel, "kestrel.active_connections", KestrelEndpoint),
        (Kestrel, "kestrel.queued_connections", KestrelEndpoint),
        (Kestrel, "kestrel.rejected_connections", KestrelEndpoint),
        (Kestrel, "kestrel.connection.duration", [.. KestrelEndpoint, "network.protocol.name", "network.protocol.version", "tls.protocol.version", "error.type"]),
        (Kestrel, "kestrel.queued_requests", [.. KestrelEndpoint, "network.protocol.name", "network.protocol.version"]),
        (Kestrel, "kestrel.upgraded_connections", KestrelEndpoint),
        (Kestrel, "kestrel.active_tls_handshakes", KestrelEndpoint),
        (Kestrel, "kestrel.tls_handshake.duration", [.. KestrelEndpoint, "tls.protocol.version", "error.type"]),
        (Diagnostics, "aspnetcore.diagnostics.exceptions", ["error.type", "aspnetcore.diagnostics.handler.type", "aspnetcore.diagnostics.exception.result"]),
        (HttpClient, "http.client.request.duration", ["http.request.method", .. ClientEndpoint, "network.protocol.version", "http.response.status_code", "error.type"]),
        (HttpClient, "http.client.active_requests", ["http.request.method", .. ClientEndpoint]),
        (HttpClient, "http.client.request.time_in_queue", ["http.request.method", .. ClientEndpoint, "network.protocol.version"]),
        (HttpClient, "http.client.open_connections", ["http.connection.state", .. ClientEndpoint, "network.protocol.version"]),
        (HttpClient, "http.client.connection.duration", [.. ClientEndpoint, "network.protocol.version"]),
        (NameResolution, "dns.lookup.duration", ["dns.question.name", "error.type"]),
    ];

    /// <summary>Attributes the framework records that are not exposed, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> DroppedLabels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["network.peer.address"] = "the remote IP address of an outgoing connection, which for a host behind a CDN or DNS round robin changes without bound, each address leaving a series behind",
    };

    private static readonly FrozenDictionary<(string Meter, string Instrument), string[]> LabelsByInstrument =
        Instruments.ToFrozenDictionary(i => (i.Meter, i.Instrument), i => i.Labels);

    /// <summary>
    /// The view of the framework's instruments: the listed labels and the configured cardinality
    /// limit, keeping the buckets the instrument advises; dropped when listed nowhere or created
    /// by another host. Null (not this view's) for any other meter.
    /// </summary>
    /// <param name="instrument">The instrument the SDK asks about.</param>
    /// <param name="hostMeters">The meter factory of the pipeline's own host, if it has one.</param>
    /// <param name="options">The cardinality limits.</param>
    public static MetricStreamConfiguration? StreamFor(Instrument instrument, IMeterFactory? hostMeters, MetricsOptions options)
    {
        var meter = instrument.Meter;
        if (!MeterNames.Contains(meter.Name))
        {
            return null;
        }

        if ((meter.Scope is not null && !ReferenceEquals(meter.Scope, hostMeters))
            || !LabelsByInstrument.TryGetValue((meter.Name, instrument.Name), out var labels))
        {
            return MetricStreamConfiguration.Drop;
        }

        var limit = options.CardinalityLimits is { } limits && limits.TryGetValue(InstrumentFamily.NameOf(instrument), out var single)
            ? single.Limit
            : options.CardinalityLimit;
        return new MetricStreamConfiguration { TagKeys = labels, CardinalityLimit = limit };
    }
}
