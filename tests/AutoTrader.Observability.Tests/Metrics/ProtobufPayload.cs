using Google.Protobuf;

namespace AutoTrader.Observability.Tests.Metrics;

/// <summary>
/// A protobuf exposition payload decoded with Google.Protobuf's wire reader, field by field, by
/// the numbers of Prometheus's client_model <c>metrics.proto</c>; a field the format does not
/// define fails the test.
/// </summary>
internal static class ProtobufPayload
{
    public static List<Family> Decode(byte[] payload)
    {
        var families = new List<Family>();
        var input = new CodedInputStream(payload);
        while (!input.IsAtEnd)
        {
            families.Add(DecodeFamily(input.ReadBytes()));
        }

        return families;
    }

    private static Family DecodeFamily(ByteString bytes)
    {
        var family = new Family();
        Read(bytes, (field, input) =>
        {
            switch (field)
            {
                case 1: family.Name = input.ReadString(); break;
                case 2: family.Help = input.ReadString(); break;
                case 3: family.Type = input.ReadEnum(); break;
                case 4: family.Metrics.Add(DecodeMetric(input.ReadBytes())); break;
                default: Assert.Fail($"MetricFamily has no field {field}"); break;
            }
        });
        return family;
    }

    private static Metric DecodeMetric(ByteString bytes)
    {
        var metric = new Metric();
        Read(bytes, (field, input) =>
        {
            switch (field)
            {
                case 1: metric.Labels.Add(DecodeLabel(input.ReadBytes())); break;
                case 2: Read(input.ReadBytes(), (f, i) => metric.Gauge = f == 1 ? i.ReadDouble() : Unknown<double>("Gauge", f)); break;
                case 3: metric.Counter = DecodeCounter(input.ReadBytes()); break;
                case 7: metric.Histogram = DecodeHistogram(input.ReadBytes()); break;
                default: Assert.Fail($"Metric has no field {field} here"); break;
            }
        });
        return metric;
    }

    private static Counter DecodeCounter(ByteString bytes)
    {
        var counter = new Counter();
        Read(bytes, (field, input) =>
        {
            switch (field)
            {
                case 1: counter.Value = input.ReadDouble(); break;
                case 2: counter.Exemplar = DecodeExemplar(input.ReadBytes()); break;
                default: Assert.Fail($"Counter has no field {field} here"); break;
            }
        });
        return counter;
    }

    private static Histogram DecodeHistogram(ByteString bytes)
    {
        var histogram = new Histogram();
        Read(bytes, (field, input) =>
        {
            switch (field)
            {
                case 1: histogram.SampleCount = input.ReadUInt64(); break;
                case 2: histogram.SampleSum = input.ReadDouble(); break;
                case 3: histogram.Buckets.Add(DecodeBucket(input.ReadBytes())); break;
                case 5: histogram.Schema = input.ReadSInt32(); break;
                case 6: histogram.ZeroThreshold = input.ReadDouble(); break;
                case 7: histogram.ZeroCount = input.ReadUInt64(); break;
                case 12: histogram.PositiveSpans.Add(DecodeSpan(input.ReadBytes())); break;
                case 13: Read(input.ReadBytes(), histogram.PositiveDeltas); break;
                default: Assert.Fail($"Histogram has no field {field} here"); break;
            }
        });
        return histogram;
    }

    private static (int Offset, uint Length) DecodeSpan(ByteString bytes)
    {
        int offset = 0;
        uint length = 0;
        Read(bytes, (field, input) =>
        {
            switch (field)
            {
                case 1: offset = input.ReadSInt32(); break;
                case 2: length = input.ReadUInt32(); break;
                default: Assert.Fail($"BucketSpan has no field {field}"); break;
            }
        });
        return (offset, length);
    }

    /// <summary>A packed <c>repeated sint64</c>.</summary>
    private static void Read(ByteString packed, List<long> values)
    {
        var input = packed.CreateCodedInput();
        while (!input.IsAtEnd)
        {
            values.Add(input.ReadSInt64());
        }
    }

    private static Bucket DecodeBucket(ByteString bytes)
    {
        var bucket = new Bucket();
        Read(bytes, (field, input) =>
        {
            switch (field)
            {
                case 1: bucket.CumulativeCount = input.ReadUInt64(); break;
                case 2: bucket.UpperBound = input.ReadDouble(); break;
                case 3: bucket.Exemplar = DecodeExemplar(input.ReadBytes()); break;
                default: Assert.Fail($"Bucket has no field {field} here"); break;
            }
        });
        return bucket;
    }

    private static Exemplar DecodeExemplar(ByteString bytes)
    {
        var exemplar = new Exemplar();
        Read(bytes, (field, input) =>
        {
            switch (field)
            {
                case 1: exemplar.Labels.Add(DecodeLabel(input.ReadBytes())); break;
                case 2: exemplar.Value = input.ReadDouble(); break;
                case 3:
                    long seconds = 0, nanos = 0;
                    Read(input.ReadBytes(), (f, i) =>
                    {
                        if (f == 1)
                        {
                            seconds = i.ReadInt64();
                        }
                        else
                        {
                            nanos = f == 2 ? i.ReadInt32() : Unknown<long>("Timestamp", f);
                        }
                    });
                    exemplar.Timestamp = DateTimeOffset.UnixEpoch.AddSeconds(seconds).AddTicks(nanos / 100);
                    break;
                default: Assert.Fail($"Exemplar has no field {field}"); break;
            }
        });
        return exemplar;
    }

    private static KeyValuePair<string, string> DecodeLabel(ByteString bytes)
    {
        string name = "", value = "";
        Read(bytes, (field, input) =>
        {
            switch (field)
            {
                case 1: name = input.ReadString(); break;
                case 2: value = input.ReadString(); break;
                default: Assert.Fail($"LabelPair has no field {field}"); break;
            }
        });
        return new(name, value);
    }

    private static void Read(ByteString bytes, Action<int, CodedInputStream> field)
    {
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            field(WireFormat.GetTagFieldNumber(tag), input);
        }
    }

    private static T Unknown<T>(string message, int field)
    {
        Assert.Fail($"{message} has no field {field}");
        return default!;
    }

    public sealed class Family
    {
        public string Name { get; set; } = "";

        public string Help { get; set; } = "";

        public int Type { get; set; }

        public List<Metric> Metrics { get; } = [];
    }

    public sealed class Metric
    {
        public List<KeyValuePair<string, string>> Labels { get; } = [];

        public double? Gauge { get; set; }

        public Counter? Counter { get; set; }

        public Histogram? Histogram { get; set; }

        public string LabelText => string.Join(",", Labels.Select(l => $"{l.Key}={l.Value}"));
    }

    public sealed class Counter
    {
        public double Value { get; set; }

        public Exemplar? Exemplar { get; set; }
    }

    public sealed class Histogram
    {
        public ulong SampleCount { get; set; }

        public double SampleSum { get; set; }

        public List<Bucket> Buckets { get; } = [];

        /// <summary>The native histogram's schema; null for a classic histogram.</summary>
        public int? Schema { get; set; }

        public double ZeroThreshold { get; set; }

        public ulong ZeroCount { get; set; }

        public List<(int Offset, uint Length)> PositiveSpans { get; } = [];

        public List<long> PositiveDeltas { get; } = [];

        /// <summary>The native buckets' counts by Prometheus's bucket index, from the spans and deltas.</summary>
        public SortedDictionary<int, long> NativeBuckets()
        {
            var buckets = new SortedDictionary<int, long>();
            int index = 0, delta = 0;
            long count = 0;
            foreach (var (offset, length) in PositiveSpans)
            {
                index += offset;
                for (var i = 0; i < length; i++)
                {
                    count += PositiveDeltas[delta++];
                    buckets[index++] = count;
                }
            }

            Assert.Equal(PositiveDeltas.Count, delta);
            return buckets;
        }
    }

    public sealed class Bucket
    {
        public ulong CumulativeCount { get; set; }

        public double UpperBound { get; set; }

        public Exemplar? Exemplar { get; set; }
    }

    public sealed class Exemplar
    {
        public List<KeyValuePair<string, string>> Labels { get; } = [];

        public double Value { get; set; }

        public DateTimeOffset Timestamp { get; set; }
    }
}
