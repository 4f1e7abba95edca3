// The kv demo's two typed protocols: the key-value store ("kv") and the cache in front of it ("kv-cache"), and their types.
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>A key-value store: string keys (UTF-8, up to <see cref="KvLimits.MaxKeyBytes"/> bytes), 64-bit values.</summary>
[SmosProtocol("kv", Version = 1)]
public partial interface IKeyValue
{
    /// <summary>The value of <paramref name="key"/>, or <see cref="KvErrors.NotFound"/>.</summary>
    Result<ulong> Get(string key);

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>; <see cref="KvErrors.BadKey"/> for an empty or too long key.</summary>
    Result Set(string key, ulong value);

    /// <summary>Removes <paramref name="key"/>, or <see cref="KvErrors.NotFound"/>.</summary>
    Result Remove(string key);

    /// <summary>How many keys start with <paramref name="prefix"/> (ordinal).</summary>
    int Count(string prefix);

    /// <summary>The values of up to 100 keys starting with <paramref name="prefix"/>, in key order.</summary>
    ulong[] Values(string prefix);

    /// <summary>The pid of the process that opened the caller's connection, as the server sees it.</summary>
    ulong Caller();

    /// <summary>Adds 1 to <paramref name="key"/>'s value (from 0): one-way, the client does not wait for a reply.</summary>
    [OneWay]
    void Bump(string key);

    /// <summary>
    /// Every key starting with <paramref name="prefix"/> and its value as text, one <c>key=value</c> line each, in key
    /// order: beyond 120 words it comes back through the connection's shared page (at most 4 KiB of text).
    /// </summary>
    byte[] Export(string prefix);

    /// <summary>
    /// Sets every <c>key=value</c> line of <paramref name="text"/> (UTF-8, up to 4 KiB: through the shared page); returns
    /// how many keys it set, or <see cref="KvErrors.BadText"/> (nothing set) when a line is malformed.
    /// </summary>
    Result<int> Import(byte[] text);

    /// <summary>
    /// The store signals <paramref name="wake"/> each time <paramref name="key"/> is set or bumped (one watcher per key;
    /// a new one replaces the old; <see cref="KvErrors.NoSlot"/> beyond <see cref="KvLimits.MaxWatchers"/> keys): a
    /// capability the caller sends.
    /// </summary>
    Result Watch(string key, Notification wake);

    /// <summary>A doorbell to the store (a capability in the reply): each ring adds 1 to <see cref="Rings"/>.</summary>
    Result<Notification> Bell();

    /// <summary>How many times the store's doorbell has rung.</summary>
    ulong Rings();

    /// <summary>
    /// From now on the store raises <see cref="Updated"/> for this connection whenever a key starting with
    /// <paramref name="prefix"/> is set, bumped or imported (one prefix per connection; an empty prefix stops).
    /// </summary>
    Result Follow(string prefix);

    /// <summary>An event from the store: <paramref name="key"/>, which this connection follows, now holds <paramref name="value"/>.</summary>
    [Event]
    void Updated(string key, ulong value);
}

/// <summary>The cache's counters.</summary>
public struct CacheStats
{
    /// <summary>Gets answered from the cache.</summary>
    public ulong Hits;

    /// <summary>Gets passed to the store.</summary>
    public ulong Misses;

    /// <summary>Keys held.</summary>
    public ulong Entries;
}

/// <summary>A read cache in front of "kv": a server that is itself a client of the store.</summary>
[SmosProtocol("kv-cache", Version = 1)]
public partial interface IKvCache
{
    /// <summary>The value of <paramref name="key"/>: from the cache, else from the store (then cached).</summary>
    Result<ulong> Get(string key);

    /// <summary>Drops <paramref name="key"/> from the cache (the next Get asks the store).</summary>
    void Forget(string key);

    /// <summary>The hit, miss and entry counts.</summary>
    CacheStats Stats();
}

/// <summary>The store's own errors (Result.Fail codes).</summary>
public static class KvErrors
{
    /// <summary>No such key.</summary>
    public const ulong NotFound = 1;

    /// <summary>The key is empty or longer than <see cref="KvLimits.MaxKeyBytes"/>.</summary>
    public const ulong BadKey = 2;

    /// <summary>The cache could not reach the store.</summary>
    public const ulong StoreUnreachable = 3;

    /// <summary>An Import line is not <c>key=value</c> with a valid key and a decimal value.</summary>
    public const ulong BadText = 4;

    /// <summary>The store watches <see cref="KvLimits.MaxWatchers"/> keys already, or has no free slot for a capability.</summary>
    public const ulong NoSlot = 5;
}

/// <summary>The store's limits.</summary>
public static class KvLimits
{
    /// <summary>The longest key in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 256;

    /// <summary>The most values one Values call returns.</summary>
    public const int MaxValues = 100;

    /// <summary>The most keys watched at once (each watcher holds one of the store's capability slots).</summary>
    public const int MaxWatchers = 16;
}
