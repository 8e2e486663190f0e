using System.Text.RegularExpressions;
using AutoTrader.Observability.Otlp;

namespace AutoTrader.Observability.Configuration;

/// <summary>Checks bound options against what the rest of the stack accepts.</summary>
internal static partial class ObservabilityOptionsValidator
{
    private static readonly string[] Formats = ["json", "console"];

    [GeneratedRegex(@"^[0-9]+(ms|s|m|h|d|w|y)$")]
    private static partial Regex PrometheusDuration();

    /// <summary>Adds one sentence per problem; <paramref name="origin"/> tells where a key was set.</summary>
    public static void Validate(ObservabilityOptions o, Func<string, string> origin, List<string> problems)
    {
        void Fail(string key, object? value, string allowed) =>
            problems.Add($"observability.{key} = '{value}'{origin("observability:" + key.Replace('.', ':'))}: {allowed}");

        if (string.IsNullOrWhiteSpace(o.ServiceName))
        {
            Fail("service_name", o.ServiceName, "must not be empty");
        }

        foreach (var name in o.ResourceAttributes.Keys.Where(ServiceResource.KeyedAttributes.Contains))
        {
            // Attribute names hold dots, so the origin is looked up by the name as written.
            problems.Add($"observability.resource_attributes.{name}{origin("observability:resource_attributes:" + name)}: " +
                         "is set by service_name, version, service_instance_id or environment; set that key instead");
        }

        if (!LogLevelNames.TryParse(o.Logging.Level, out _))
        {
            Fail("logging.level", o.Logging.Level, "allowed values are " + string.Join(", ", LogLevelNames.All));
        }

        if (!Formats.Contains(o.Logging.Format, StringComparer.OrdinalIgnoreCase))
        {
            Fail("logging.format", o.Logging.Format, "allowed values are json, console");
        }

        if (o.Logging.Sampling.Rate is < 0 or > 1)
        {
            Fail("logging.sampling.rate", o.Logging.Sampling.Rate, "must be between 0 and 1");
        }

        if (o.Logging.QueueCapacityBytes is < 4096)
        {
            Fail("logging.queue_capacity_bytes", o.Logging.QueueCapacityBytes, "must be at least 4096");
        }

        CheckEndpoint("logging.exporters.otlp", o.Logging.Exporters.Otlp);

        if (o.Metrics.Port is < 1 or > 65535)
        {
            Fail("metrics.port", o.Metrics.Port, "must be a port between 1 and 65535");
        }

        CheckPath("metrics.path", o.Metrics.Path);
        if (o.Metrics.CardinalityLimit < 1)
        {
            Fail("metrics.cardinality_limit", o.Metrics.CardinalityLimit, "must be at least 1");
        }

        foreach (var (name, limit) in o.Metrics.CardinalityLimits ?? new Dictionary<string, MetricLimitOptions>())
        {
            if (limit.Limit < 1)
            {
                Fail($"metrics.cardinality_limits.{name}.limit", limit.Limit, "must be at least 1");
            }
        }

        if (!MetricsOptions.ExemplarFilters.Contains(o.Metrics.Exemplars))
        {
            Fail("metrics.exemplars", o.Metrics.Exemplars, "allowed values are " + string.Join(", ", MetricsOptions.ExemplarFilters));
        }

        foreach (var (key, buckets) in o.Metrics.Histograms.All())
        {
            if (buckets.Count == 0)
            {
                Fail("metrics.histograms." + key, "[]", "needs at least one bucket");
            }

            for (var i = 1; i < buckets.Count; i++)
            {
                if (buckets[i] <= buckets[i - 1])
                {
                    Fail("metrics.histograms." + key, "[" + string.Join(", ", buckets) + "]",
                        $"buckets must be strictly increasing ({buckets[i - 1]} is followed by {buckets[i]})");
                    break;
                }
            }
        }

        foreach (var (name, native) in o.Metrics.Histograms.Native ?? new Dictionary<string, NativeHistogramOptions>())
        {
            if (native.MaxBuckets is < 2 or > NativeHistogramOptions.MostBuckets)
            {
                Fail($"metrics.histograms.native.{name}.max_buckets", native.MaxBuckets, $"must be between 2 and {NativeHistogramOptions.MostBuckets}");
            }

            if (native.MaxScale is < NativeHistogramOptions.CoarsestScale or > NativeHistogramOptions.FinestScale)
            {
                Fail($"metrics.histograms.native.{name}.max_scale", native.MaxScale,
                    $"must be between {NativeHistogramOptions.CoarsestScale} and {NativeHistogramOptions.FinestScale} (the schemas Prometheus reads)");
            }
        }

        MetricsWebOptionsValidator.Validate(o.Metrics.Web, origin, problems);
        var metricsOtlp = o.Metrics.Exporters.Otlp;
        CheckEndpoint("metrics.exporters.otlp", metricsOtlp);
        if (metricsOtlp.IntervalSeconds <= 0)
        {
            Fail("metrics.exporters.otlp.interval_seconds", metricsOtlp.IntervalSeconds, "must be greater than 0");
        }

        if (!MetricExporterOptions.Temporalities.Contains(metricsOtlp.Temporality))
        {
            Fail("metrics.exporters.otlp.temporality", metricsOtlp.Temporality, "allowed values are " + string.Join(", ", MetricExporterOptions.Temporalities));
        }

        if (!TraceSamplingOptions.Strategies.Contains(o.Tracing.Sampling.Strategy))
        {
            Fail("tracing.sampling.strategy", o.Tracing.Sampling.Strategy, "allowed values are " + string.Join(", ", TraceSamplingOptions.Strategies));
        }

        if (o.Tracing.Sampling.Probability is < 0 or > 1)
        {
            Fail("tracing.sampling.probability", o.Tracing.Sampling.Probability, "must be a probability between 0 and 1");
        }

        CheckEndpoint("tracing.exporters.jaeger", o.Tracing.Exporters.Jaeger);
        CheckEndpoint("tracing.exporters.otlp", o.Tracing.Exporters.Otlp);
        CheckPath("health.endpoint", o.Health.Endpoint);
        CheckPath("health.liveness_endpoint", o.Health.LivenessEndpoint);
        if (string.Equals(o.Health.LivenessEndpoint, o.Health.Endpoint, StringComparison.OrdinalIgnoreCase))
        {
            Fail("health.liveness_endpoint", o.Health.LivenessEndpoint, "must differ from health.endpoint");
        }

        foreach (var (key, alert) in o.Alerts.All())
        {
            if (!(alert.Threshold >= 0) || double.IsInfinity(alert.Threshold))
            {
                Fail($"alerts.{key}.threshold", alert.Threshold, "must be a finite number, not negative");
            }

            if (!PrometheusDuration().IsMatch(alert.For))
            {
                Fail($"alerts.{key}.for", alert.For, "must be a Prometheus duration such as 0s, 5m or 1h");
            }

            if (!AlertThresholdOptions.Severities.Contains(alert.Severity))
            {
                Fail($"alerts.{key}.severity", alert.Severity, "allowed values are " + string.Join(", ", AlertThresholdOptions.Severities));
            }
        }

        var p = o.Performance;
        if (p.ExportTimeoutSeconds <= 0)
        {
            Fail("performance.export_timeout_seconds", p.ExportTimeoutSeconds, "must be greater than 0");
        }

        CheckBatching("span", p.SpanExportDelaySeconds, p.SpanMaxQueueSize, p.SpanBatchSize);
        CheckBatching("log", p.LogExportDelaySeconds, p.LogMaxQueueSize, p.LogBatchSize);

        // The batch processors of spans and of OTLP log records take the same three settings.
        void CheckBatching(string signal, double exportDelaySeconds, int maxQueueSize, int batchSize)
        {
            if (exportDelaySeconds <= 0)
            {
                Fail($"performance.{signal}_export_delay_seconds", exportDelaySeconds, "must be greater than 0");
            }

            if (maxQueueSize < 1)
            {
                // Any batch size is then out of range too: one problem, not two.
                Fail($"performance.{signal}_max_queue_size", maxQueueSize, "must be at least 1");
            }
            else if (batchSize < 1 || batchSize > maxQueueSize)
            {
                Fail($"performance.{signal}_batch_size", batchSize, $"must be between 1 and {signal}_max_queue_size ({maxQueueSize})");
            }
        }

        void CheckPath(string key, string path)
        {
            if (!path.StartsWith('/') || path.Any(char.IsWhiteSpace))
            {
                Fail(key, path, "must be a URL path starting with '/'");
            }
        }

        void CheckEndpoint(string key, EndpointExporterOptions exporter)
        {
            if (!EndpointExporterOptions.Protocols.Contains(exporter.Protocol))
            {
                Fail(key + ".protocol", exporter.Protocol, "allowed values are " + string.Join(", ", EndpointExporterOptions.Protocols));
            }

            foreach (var (name, value) in exporter.Headers)
            {
                if (OtlpHeaders.Problem(name, value) is { } problem)
                {
                    // Never Fail(): that echoes the value, and a header's value is a credential.
                    problems.Add($"observability.{key}.headers.{name}{origin($"observability:{key.Replace('.', ':')}:headers:{name}")}: {problem}");
                }
            }

            if (!exporter.Enabled)
            {
                return;
            }

            if (!(Uri.TryCreate(exporter.Endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                Fail(key + ".endpoint", exporter.Endpoint, "must be an absolute http:// or https:// URL");
            }
            else if (key.EndsWith(".jaeger", StringComparison.Ordinal) && OtlpEndpoints.IsJaegerThrift(uri))
            {
                Fail(key + ".endpoint", exporter.Endpoint,
                    "is Jaeger's legacy Thrift collector, which is not supported; Jaeger ingests OTLP, so point JAEGER_ENDPOINT at its OTLP port (http://host:4317 or http://host:4318) or set OTLP_ENDPOINT and tracing.exporters.otlp.enabled instead");
            }
        }
    }
}
