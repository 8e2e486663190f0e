using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics;

namespace AutoTrader.Observability.Tests.Metrics;

public sealed class ModuleMetricsTests
{
    [Theory]
    [InlineData("module-operations_total", "not a valid Prometheus metric name")]
    [InlineData("1module_total", "not a valid Prometheus metric name")]
    [InlineData("", "not a valid Prometheus metric name")]
    [InlineData("module_operations", "must end in '_total'")]
    public void An_invalid_counter_name_is_refused_with_the_rule_it_breaks(string name, string rule)
    {
        using var registry = new MetricRegistry(new MetricsOptions());
        var error = Assert.Throws<ArgumentException>(() => registry.Counter(name, "help", ["status"]));
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("operation-type")]
    [InlineData("__reserved")]
    [InlineData("9lives")]
    public void An_invalid_label_name_is_refused(string label)
    {
        using var registry = new MetricRegistry(new MetricsOptions());
        var error = Assert.Throws<ArgumentException>(() => registry.Histogram("module_duration_seconds", "help", [label]));
        Assert.Contains($"'{label}' is not a valid Prometheus label name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_histogram_may_not_use_le_nor_end_in_total()
    {
        using var registry = new MetricRegistry(new MetricsOptions());
        Assert.Contains("'le'", Assert.Throws<ArgumentException>(() => registry.Histogram("module_duration_seconds", "help", ["le"])).Message, StringComparison.Ordinal);
        Assert.Contains("Only counters", Assert.Throws<ArgumentException>(() => registry.Histogram("module_duration_total", "help", ["a"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defining_the_same_family_again_returns_the_same_instrument()
    {
        using var registry = new MetricRegistry(new MetricsOptions());
        var first = registry.Counter("module_operations_total", "Total module operations", ["operation_type", "status"]);
        var again = registry.Counter("module_operations_total", "Total module operations", ["operation_type", "status"]);
        Assert.Same(first, again);
    }

    [Fact]
    public void Redefining_a_name_with_another_type_is_refused_naming_both()
    {
        using var registry = new MetricRegistry(new MetricsOptions());
        registry.Counter("module_operations_total", "help", ["operation_type", "status"]);
        registry.Histogram("module_duration_seconds", "help", ["operation_type"]);

        var error = Assert.Throws<InvalidOperationException>(() => registry.Gauge("module_duration_seconds", "help", ["operation_type"]));
        Assert.Contains("already defined as a histogram", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be redefined as a gauge", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redefining_a_name_with_another_label_set_is_refused_naming_both()
    {
        using var registry = new MetricRegistry(new MetricsOptions());
        registry.Counter("module_operations_total", "help", ["operation_type", "status"]);

        var error = Assert.Throws<InvalidOperationException>(() => registry.Counter("module_operations_total", "help", ["operation_type"]));
        Assert.Contains("[operation_type, status]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[operation_type]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_module_cannot_redefine_a_catalog_metric_with_other_labels()
    {
        using var registry = new MetricRegistry(new MetricsOptions());
        _ = new AutoTraderMetrics(registry, new HistogramBucketOptions());
        Assert.Throws<InvalidOperationException>(() => registry.Counter("scan_requests_total", "help", ["token"]));
    }
}
