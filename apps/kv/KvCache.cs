// The "kv-cache" server: answers Get from its own Dictionary and asks "kv" (through the generated client) on a miss.
using System.Collections.Generic;
using Smos.Protocol;

namespace Smos.Apps;

/// <summary>A server that is a client of another server: its Get may call the store before it replies.</summary>
internal sealed class KvCache : KvCacheServer
{
    private readonly KeyValueClient _store;
    private readonly Dictionary<string, ulong> _cache = new();
    private CacheStats _stats;

    public KvCache(KeyValueClient store)
    {
        _store = store;
    }

    public override Result<ulong> Get(string key)
    {
        if (_cache.TryGetValue(key, out ulong value))
        {
            _stats.Hits++;
            return value;
        }

        _stats.Misses++;
        Result<ulong> fromStore = _store.Get(key);
        if (fromStore.IsOk)
        {
            _cache[key] = fromStore.Value;
            _stats.Entries = (ulong)_cache.Count;
        }

        // The store's own error (NotFound) is passed on as it is; a lost store is this server's error.
        return fromStore.IsOk || ProtocolWire.IsAppError(fromStore.Error) ? fromStore : Result<ulong>.Fail(KvErrors.StoreUnreachable);
    }

    public override void Forget(string key)
    {
        _cache.Remove(key);
        _stats.Entries = (ulong)_cache.Count;
    }

    public override CacheStats Stats() => _stats;
}
