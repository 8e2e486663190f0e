using System.Reflection;
using System.Text.RegularExpressions;
using AutoTrader.Observability.Configuration;
using AutoTrader.Observability.Metrics;

namespace AutoTrader.Observability.Tests.Metrics;

/// <summary>The catalog's typed label tuples: each label name written with its own value, each family defined as its own kind.</summary>
public sealed partial class CatalogLabelsTests
{
    public static TheoryData<string> CatalogFields() => [.. CatalogMetricFields().Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(CatalogFields))]
    public void Each_label_of_a_family_is_written_with_the_value_of_the_same_name(string field)
    {
        var labels = CatalogMetricFields().Single(f => f.Name == field).FieldType.GetGenericArguments()[0];
        var written = (List<(string Name, string? Value)>)typeof(CatalogLabelsTests)
            .GetMethod(nameof(Written), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(labels)
            .Invoke(null, null)!;

        Assert.NotEmpty(written);
        Assert.All(written, label => Assert.Equal(label.Name, label.Value));
    }

    [Fact]
    public void The_catalog_lists_every_family_it_defines_with_the_label_names_of_its_tuple()
    {
        var defined = CatalogMetricFields()
            .Select(f => f.GetValue(null)!)
            .Select(m => (Name: (string)m.GetType().GetProperty("Name")!.GetValue(m)!, Labels: (IReadOnlyList<string>)m.GetType().GetProperty("LabelNames")!.GetValue(m)!));

        Assert.Equal(
            defined.Select(d => d.Name + "{" + string.Join(",", d.Labels) + "}").Order(StringComparer.Ordinal),
            MetricCatalog.Families(new HistogramBucketOptions()).Select(f => f.Name + "{" + string.Join(",", f.LabelNames) + "}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_family_is_made_into_an_instrument_of_its_own_kind_only()
    {
        using var registry = new MetricRegistry(new MetricsOptions());

        var error = Assert.Throws<ArgumentException>(() => new CatalogCounter<SourceLabels>(registry, MetricCatalog.CircuitBreakerStateGauge));

        Assert.Contains("'circuit_breaker_state' is a gauge, not a counter", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(registry.Families, f => f.Name == "circuit_breaker_state");
    }

    private static IEnumerable<FieldInfo> CatalogMetricFields() =>
        typeof(MetricCatalog).GetFields(BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType.IsGenericType && f.FieldType.GetGenericTypeDefinition() == typeof(CatalogMetric<>));

    // The tuple with every value set to the snake_case name of its property, written: a label named
    // after one property but given another's value shows as a name/value pair that differs.
    private static List<(string Name, string? Value)> Written<TLabels>()
        where TLabels : struct, ILabelTuple
    {
        var constructor = typeof(TLabels).GetConstructors().Single(c => c.GetParameters().Length > 0);
        var tuple = (TLabels)constructor.Invoke([.. constructor.GetParameters().Select(p => (object)SnakeCase(p.Name!))]);
        var values = LabelWriter.Write(tuple, out _).ToArray();
        return [.. LabelWriter.NamesOf<TLabels>().Zip(values)];
    }

    private static string SnakeCase(string name) => UpperLetter().Replace(name, m => (m.Index == 0 ? string.Empty : "_") + m.Value.ToLowerInvariant());

    [GeneratedRegex("[A-Z]")]
    private static partial Regex UpperLetter();
}
