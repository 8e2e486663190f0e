namespace AutoTrader.Observability.Tests;

/// <summary>
/// Bytes allocated on this thread by five rounds of 1000 calls: a per-call allocation shows in
/// every round, a one-off one (a pool growing, the runtime's own work) in some rounds only, so the
/// least round is what a call costs.
/// </summary>
internal static class AllocationRounds
{
    public static List<long> Of(Action call, Action? afterRound = null)
    {
        var rounds = new List<long>();
        for (var round = 0; round < 5; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1000; i++)
            {
                call();
            }

            rounds.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            afterRound?.Invoke();
        }

        return rounds;
    }
}
