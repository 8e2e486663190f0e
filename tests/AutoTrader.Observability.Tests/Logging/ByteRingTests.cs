using AutoTrader.Observability.Logging;

namespace AutoTrader.Observability.Tests.Logging;

public sealed class ByteRingTests
{
    [Fact]
    public void Bytes_come_out_in_the_order_they_went_in_across_the_wrap()
    {
        var ring = new ByteRing(8);
        Assert.True(ring.TryAppend([1, 2, 3, 4, 5, 6]));
        ring.Consume(5);
        Assert.True(ring.TryAppend([7, 8, 9, 10, 11])); // 7 and 8 fill the end, 9 to 11 wrap to the start

        var first = ring.OldestRun().ToArray();
        ring.Consume(first.Length);
        var second = ring.OldestRun().ToArray();

        Assert.Equal([6, 7, 8], first);
        Assert.Equal([9, 10, 11], second);
        Assert.Equal(3, ring.Count);
    }

    [Fact]
    public void Bytes_that_do_not_fit_are_refused_whole_and_leave_the_ring_as_it_was()
    {
        var ring = new ByteRing(8);
        Assert.True(ring.TryAppend([1, 2, 3, 4, 5]));

        Assert.False(ring.TryAppend([6, 7, 8, 9]));
        Assert.Equal(5, ring.Count);
        Assert.True(ring.TryAppend([6, 7, 8]));
        Assert.False(ring.TryAppend((byte)9));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], ring.OldestRun().ToArray());
    }

    [Fact]
    public void Consuming_more_than_is_queued_throws()
    {
        var ring = new ByteRing(8);
        ring.TryAppend([1, 2]);

        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Consume(3));
    }

    [Fact]
    public void Any_sequence_of_appends_and_consumes_reads_like_a_queue()
    {
        var random = new Random(22);
        var ring = new ByteRing(37);
        var model = new Queue<byte>();
        byte next = 0;
        for (var step = 0; step < 5000; step++)
        {
            if (random.Next(2) == 0)
            {
                var bytes = new byte[random.Next(0, 12)];
                foreach (ref var b in bytes.AsSpan())
                {
                    b = next++;
                }

                var fits = model.Count + bytes.Length <= ring.Capacity;
                Assert.Equal(fits, ring.TryAppend(bytes));
                if (fits)
                {
                    bytes.ToList().ForEach(model.Enqueue);
                }
            }
            else
            {
                var run = ring.OldestRun().ToArray();
                var take = random.Next(0, run.Length + 1);
                Assert.Equal(model.Take(run.Length), run);
                ring.Consume(take);
                for (var i = 0; i < take; i++)
                {
                    model.Dequeue();
                }
            }

            Assert.Equal(model.Count, ring.Count);
        }
    }
}
