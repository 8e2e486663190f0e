namespace AutoTrader.Observability.AspNetCore.Listeners;

/// <summary>Endpoint metadata: the endpoint answers only connections that arrived on local port <paramref name="Port"/>.</summary>
/// <param name="Port">The listening port, as configured on Kestrel.</param>
public sealed record LocalPortMetadata(int Port);
