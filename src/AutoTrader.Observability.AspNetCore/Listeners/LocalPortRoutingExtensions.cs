using AutoTrader.Observability.AspNetCore.Listeners;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

#pragma warning disable IDE0130 // In ASP.NET Core's namespace, as RequireHost is, so callers need no extra using.
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>Serves endpoints on one listener of a Kestrel server with several, told apart by the connection.</summary>
public static class LocalPortRoutingExtensions
{
    /// <summary>
    /// Makes the endpoints of <paramref name="builder"/> answer only requests that arrived on local
    /// port <paramref name="port"/>; on any other port they do not exist (404). Needs
    /// <see cref="AddLocalPortRouting"/>.
    /// </summary>
    public static TBuilder RequireLocalPort<TBuilder>(this TBuilder builder, int port)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var metadata = new LocalPortMetadata(port);
        builder.Add(endpoint => endpoint.Metadata.Add(metadata));
        return builder;
    }

    /// <summary>Adds the routing policy that <see cref="RequireLocalPort{TBuilder}"/> relies on.</summary>
    public static IServiceCollection AddLocalPortRouting(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, LocalPortMatcherPolicy>());
        return services;
    }
}
