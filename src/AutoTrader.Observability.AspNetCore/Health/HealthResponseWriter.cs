using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AutoTrader.Observability.AspNetCore.Health;

/// <summary>
/// Writes a health report as <c>{"status": ..., "service": ..., "version": ..., "checks": {name: {"status", "description"}}}</c>,
/// statuses in lower case (<c>healthy</c>, <c>degraded</c>, <c>unhealthy</c>).
/// </summary>
internal sealed class HealthResponseWriter(string service, string version)
{
    public async Task WriteAsync(HttpContext context, HealthReport report)
    {
        using var body = new MemoryStream();
        await using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("status", Name(report.Status));
            json.WriteString("service", service);
            json.WriteString("version", version);
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", Name(entry.Status));
                if (entry.Description is { } description)
                {
                    json.WriteString("description", description);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length), context.RequestAborted).ConfigureAwait(false);
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
