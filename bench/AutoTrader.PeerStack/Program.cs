// The peer of the load harness: GET /api/tokens answering the same JSON as `autotrader serve`
// (a fixed snapshot of it, tokens.json), observed the way a .NET team typically wires it by hand:
// OpenTelemetry ASP.NET Core instrumentation (traces sampled at 10% to OTLP, metrics), its
// Prometheus exporter on /metrics, and Serilog request logging as compact JSON to stdout.
// Usage: AutoTrader.PeerStack --port 8000 [--otlp http://127.0.0.1:4317]
using System.Text.Json;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Serilog;
using Serilog.Formatting.Compact;

var port = Argument("--port") ?? "8000";
var otlp = Argument("--otlp") ?? "http://127.0.0.1:4317";

var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
var tokens = JsonSerializer.Deserialize<TokenView[]>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "tokens.json")), json)!;

var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
builder.Services.AddSerilog(logger => logger
    .MinimumLevel.Information()
    .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
    .Enrich.FromLogContext()
    .WriteTo.Console(new CompactJsonFormatter()));
builder.Services.AddOpenTelemetry()
    .ConfigureResource(r => r.AddService("autotrader-peer"))
    .WithTracing(t => t
        .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(0.1)))
        .AddAspNetCoreInstrumentation()
        .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)))
    .WithMetrics(m => m
        .AddAspNetCoreInstrumentation()
        .AddMeter("otel.sdk.experimental") // the export queue's processed and dropped spans, which the harness reports
        .AddPrometheusExporter());

var app = builder.Build();
app.UseSerilogRequestLogging();
app.MapPrometheusScrapingEndpoint();
app.MapGet("/api/tokens", () => Results.Ok(tokens));
app.Lifetime.ApplicationStarted.Register(() => Log.Information("peer_started on port {Port}", port));
app.Run();

string? Argument(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

internal sealed record FlagView(string Name, string Reason);

internal sealed record TokenView(
    string Symbol,
    double GemScore,
    double Confidence,
    double? PriceUsd,
    IReadOnlyList<FlagView> Flags,
    bool Degraded,
    string? Narrative,
    string? TraceId);
