// The "kv" server: a Dictionary of keys to values behind the generated KeyValueServer (every request already checked).
using System;
using System.Collections.Generic;
using Smos.Protocol;

namespace Smos.Apps;

/// <summary>The store. Keys arrive as checked strings (valid UTF-8); only their length is the store's own rule.</summary>
internal sealed class KeyValueStore : KeyValueServer
{
    private readonly Dictionary<string, ulong> _values = new();

    public override Result<ulong> Get(string key) => _values.TryGetValue(key, out ulong value) ? value : Result<ulong>.Fail(KvErrors.NotFound);

    public override Result Set(string key, ulong value)
    {
        if (key.Length == 0 || ProtocolWords.Utf8Length(key) > KvLimits.MaxKeyBytes)
        {
            return Result.Fail(KvErrors.BadKey);
        }

        _values[key] = value;
        return Result.Ok;
    }

    public override Result Remove(string key) => _values.Remove(key) ? Result.Ok : Result.Fail(KvErrors.NotFound);

    public override int Count(string prefix)
    {
        int n = 0;
        foreach (string key in _values.Keys)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                n++;
            }
        }

        return n;
    }

    public override ulong Caller() => CallerPid;

    public override void Bump(string key) => _values[key] = _values.TryGetValue(key, out ulong v) ? v + 1 : 1;

    public override ulong[] Values(string prefix)
    {
        var keys = new List<string>();
        foreach (string key in _values.Keys)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                keys.Add(key);
            }
        }

        keys.Sort(string.CompareOrdinal);
        int n = Math.Min(keys.Count, KvLimits.MaxValues);
        var values = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = _values[keys[i]];
        }

        return values;
    }
}
