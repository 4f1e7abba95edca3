// The "kv" server: a Dictionary of keys to values behind the generated KeyValueServer (every request already checked).
using System;
using System.Collections.Generic;
using System.Text;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>The store. Keys arrive as checked strings (valid UTF-8); only their length is the store's own rule.</summary>
internal sealed class KeyValueStore : KeyValueServer
{
    private readonly Dictionary<string, ulong> _values = new();
    private readonly Dictionary<string, Notification> _watchers = new();
    private readonly Dictionary<ulong, string> _followers = new();
    private Notification _bell;
    private ulong _rings;

    public override Result<ulong> Get(string key) => _values.TryGetValue(key, out ulong value) ? value : Result<ulong>.Fail(KvErrors.NotFound);

    public override Result Set(string key, ulong value)
    {
        if (key.Length == 0 || ProtocolWords.Utf8Length(key) > KvLimits.MaxKeyBytes)
        {
            return Result.Fail(KvErrors.BadKey);
        }

        _values[key] = value;
        Changed(key);
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

    public override void Bump(string key)
    {
        _values[key] = _values.TryGetValue(key, out ulong v) ? v + 1 : 1;
        Changed(key);
    }

    public override byte[] Export(string prefix)
    {
        var text = new StringBuilder();
        foreach (string key in SortedKeys(prefix, int.MaxValue))
        {
            text.Append(key).Append('=').Append(_values[key]).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public override Result<int> Import(byte[] text)
    {
        // Every line is checked before the first is set: a malformed text changes nothing.
        string[] lines = Encoding.UTF8.GetString(text).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var parsed = new List<(string Key, ulong Value)>();
        foreach (string line in lines)
        {
            int eq = line.IndexOf('=');
            if (eq <= 0 || !ulong.TryParse(line.Substring(eq + 1), out ulong value) || ProtocolWords.Utf8Length(line.Substring(0, eq)) > KvLimits.MaxKeyBytes)
            {
                return Result<int>.Fail(KvErrors.BadText);
            }

            parsed.Add((line.Substring(0, eq), value));
        }

        foreach ((string key, ulong value) in parsed)
        {
            _values[key] = value;
            Changed(key);
        }

        return parsed.Count;
    }

    public override Result Watch(string key, Notification wake)
    {
        // The capability is this store's now: a watcher replaced is deleted, and past the limit the new one is (a
        // client must not fill the store's capability slots).
        if (_watchers.TryGetValue(key, out Notification old))
        {
            CapSpace.Delete(old.Cptr);
        }
        else if (_watchers.Count >= KvLimits.MaxWatchers)
        {
            CapSpace.Delete(wake.Cptr);
            return Result.Fail(KvErrors.NoSlot);
        }

        _watchers[key] = wake;
        return Result.Ok;
    }

    public override Result<Notification> Bell()
    {
        if (_bell.Cptr == 0 && !Notifications.Mint(ConnectionAbi.DoorbellBadge, out _bell))
        {
            return Result<Notification>.Fail(KvErrors.NoSlot);
        }

        return _bell; // a copy goes to the caller; the store keeps its own
    }

    public override ulong Rings() => _rings;

    public override Result Follow(string prefix)
    {
        if (prefix.Length == 0)
        {
            _followers.Remove(Badge);
        }
        else
        {
            _followers[Badge] = prefix;
        }

        return Result.Ok;
    }

    public override void OnEvent(ConnectionEvent kind, ulong badge, ulong pid)
    {
        base.OnEvent(kind, badge, pid);
        if (kind == ConnectionEvent.Closed)
        {
            _followers.Remove(badge);
        }
    }

    public override void OnDoorbell(ulong bits) => _rings++;

    private void Changed(string key)
    {
        if (_watchers.TryGetValue(key, out Notification wake))
        {
            wake.Signal(); // NBSend: never blocks, whatever the caller passed off as a notification
        }

        // A follower whose queue is full (it has not taken its events) misses this one: RaiseUpdated says QueueFull.
        foreach (KeyValuePair<ulong, string> follower in _followers)
        {
            if (key.StartsWith(follower.Value, StringComparison.Ordinal))
            {
                RaiseUpdated(follower.Key, key, _values[key]);
            }
        }
    }

    public override ulong[] Values(string prefix)
    {
        List<string> keys = SortedKeys(prefix, KvLimits.MaxValues);
        var values = new ulong[keys.Count];
        for (int i = 0; i < keys.Count; i++)
        {
            values[i] = _values[keys[i]];
        }

        return values;
    }

    // The first max keys starting with prefix, in ordinal order.
    private List<string> SortedKeys(string prefix, int max)
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
        while (keys.Count > max)
        {
            keys.RemoveAt(keys.Count - 1);
        }

        return keys;
    }
}
