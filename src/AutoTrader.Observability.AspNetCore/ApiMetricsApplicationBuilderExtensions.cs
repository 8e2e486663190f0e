using AutoTrader.Observability.AspNetCore;

#pragma warning disable IDE0130 // In ASP.NET Core's namespace, as UseRouting is, so callers need no extra using.
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>Adds the API metrics middleware.</summary>
public static class ApiMetricsApplicationBuilderExtensions
{
    /// <summary>
    /// Records API metrics for every request; call it after <c>UseRouting</c> so that the route
    /// template is known. Needs <c>AddAutoTraderMetrics</c>.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <param name="excludedPaths">Path prefixes left out, such as the scrape path; default <c>/metrics</c>.</param>
    public static IApplicationBuilder UseAutoTraderApiMetrics(this IApplicationBuilder app, params string[] excludedPaths)
    {
        var options = new ApiMetricsOptions();
        if (excludedPaths.Length > 0)
        {
            options.ExcludedPaths.Clear();
            foreach (var path in excludedPaths)
            {
                options.ExcludedPaths.Add(path);
            }
        }

        return app.UseMiddleware<ApiMetricsMiddleware>(options);
    }
}
