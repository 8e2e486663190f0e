using AutoTrader.Observability.Logging;
using AutoTrader.Observability.Metrics;

var builder = WebApplication.CreateBuilder(args);
builder.AddAutoTraderObservability();

var app = builder.Build();
app.MapAutoTraderObservability();

// A family of the service's own, beside the library's.
var orders = app.Services.GetRequiredService<MetricRegistry>().Counter("sample_orders_total", "Orders taken", ["status"]);
var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sample.Orders");

app.MapPost("/orders/{id}", (string id) =>
{
    orders.Inc("accepted");
    log.Info("order_accepted", ("order_id", id));
    return Results.Accepted();
});

app.Run();
