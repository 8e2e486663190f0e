using System.Collections.Concurrent;

namespace AutoTrader.Scanner.Sources;

/// <summary>Answers by symbol, each kept for a fixed time; bounded so that unknown symbols cannot grow it.</summary>
internal sealed class TtlCache<T>(TimeSpan ttl, int capacity, TimeProvider time)
    where T : class
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, T Value)> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string key, out T? value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > time.GetUtcNow())
        {
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    public void Set(string key, T value)
    {
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (_entries.Count >= capacity)
        {
            foreach (var (k, e) in _entries)
            {
                if (e.Expires <= now)
                {
                    _entries.TryRemove(k, out _);
                }
            }

            if (_entries.Count >= capacity)
            {
                _entries.Clear();
            }
        }

        _entries[key] = (now + ttl, value);
    }
}
