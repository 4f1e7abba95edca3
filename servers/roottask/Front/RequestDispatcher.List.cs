// The lists (ListProcesses, a ps; ListApps, an ls) a page at a time, and an app's bytes from the boot archive (ReadApp).
using System;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Processes;

namespace Smos.RootTask.Front;

/// <summary>ListProcesses, ListApps and ReadApp: what <see cref="RequestDispatcher"/> answers with a reply longer than one word.</summary>
internal sealed partial class RequestDispatcher
{
    // ListProcesses: the live processes and zombies with the lowest pids from `first`, in pid order (one pass over the
    // records per page: a listing of n processes costs O(n^2 / 4), fine for a ps).
    private RootError List(ulong first)
    {
        // Shared pages whose server has taken the connection's Closed record go back first, so the usage listed is
        // what each process holds now (a client polling its own entry sees its closed connection's page return).
        _connections.ReleaseAcknowledged();
        Span<ulong> pids = stackalloc ulong[ListProcessesRequest.MaxEntries + 1];
        int found = 0;
        for (int i = 0; i < _table.Capacity; i++)
        {
            Process q = _table.At(i);
            if (q.Pid < first || (q.State != ProcessState.Running && q.State != ProcessState.Zombie))
            {
                continue;
            }

            // Keep the MaxEntries + 1 smallest pids, sorted (the extra one is the next page's first).
            int at = found < pids.Length ? found++ : pids.Length;
            while (at > 0 && pids[at - 1] > q.Pid)
            {
                if (at < pids.Length)
                {
                    pids[at] = pids[at - 1];
                }

                at--;
            }

            if (at < pids.Length)
            {
                pids[at] = q.Pid;
            }
        }

        int count = found > ListProcessesRequest.MaxEntries ? ListProcessesRequest.MaxEntries : found;
        Span<ulong> words = new Span<ulong>(_page);
        words[0] = found > count ? pids[count] : 0;
        words[1] = (ulong)count;
        for (int k = 0; k < count; k++)
        {
            Process q = _table.FindWithZombies(pids[k])!;
            if (q.State == ProcessState.Running)
            {
                CountUsage(q);
            }

            ListProcessesRequest.EncodeEntry(Entry(q), k, words);
        }

        return Page(ListProcessesRequest.ReplyLength(count), RootTaskProtocol.ListProcessesLabel);
    }

    private static ProcessEntry Entry(Process q)
    {
        Span<ulong> name = stackalloc ulong[4];
        name.Clear();
        WireBytes.Pack(q.NameBytes, name);
        return new ProcessEntry
        {
            Pid = q.Pid,
            ParentPid = q.ParentPid,
            State = q.State == ProcessState.Zombie ? ListedState.Zombie : ListedState.Running,
            NameLength = q.NameLength,
            Name0 = name[0],
            Name1 = name[1],
            Name2 = name[2],
            Name3 = name[3],
            Quota = q.Account.Limit,
            Used = q.Account.Used,
            Given = q.Account.Given,
        };
    }

    // ListApps: the apps of the boot archive from index `first`, a page at a time.
    private RootError ListApps(ulong first)
    {
        Span<ulong> words = new Span<ulong>(_page);
        int count = 0;
        int index = first > int.MaxValue ? int.MaxValue : (int)first;
        while (count < ListAppsRequest.MaxEntries && _spawner.Apps.AppName(index, out ReadOnlySpan<byte> name))
        {
            ListAppsRequest.EncodeName(name, count++, words);
            index++;
        }

        words[0] = _spawner.Apps.AppName(index, out _) ? (ulong)index : 0;
        words[1] = (ulong)count;
        return Page(ListAppsRequest.ReplyLength(count), RootTaskProtocol.ListAppsLabel);
    }

    // ReadApp: up to ReadAppRequest.MaxBytes bytes of app `name` from `offset`, copied from the archive (the root task's
    // own read-only memory) into the reply. Any process may read: the apps are no secret (ListApps names them). The
    // names it knows are exactly those ListApps lists ("init" and "demos/..." are lists, not apps: NoSuchApp).
    private RootError ReadApp(ReadOnlySpan<byte> name, ulong offset)
    {
        if (_spawner.Apps.Find(name, out ReadOnlySpan<byte> app) != CpioResult.Ok)
        {
            return RootError.NoSuchApp;
        }

        if (offset > (ulong)app.Length)
        {
            return RootError.BadArgument;
        }

        int start = (int)offset;
        int count = app.Length - start < ReadAppRequest.MaxBytes ? app.Length - start : ReadAppRequest.MaxBytes;
        return Page(ReadAppRequest.EncodeReply((ulong)app.Length, app.Slice(start, count), new Span<ulong>(_page)), RootTaskProtocol.ReadAppLabel);
    }

    // The reply of a paged request: the first `length` words of _page, encoded by the request's generated reply encoder
    // (a count word, then the page) into the reply's words.
    private RootError Page(int length, ulong request)
    {
        ReadOnlySpan<ulong> page = new ReadOnlySpan<ulong>(_page, 0, length);
        Span<ulong> reply = new Span<ulong>(_replyWords);
        _replyLength = request switch
        {
            RootTaskProtocol.ListProcessesLabel => RootTaskProtocol.EncodeListProcessesReply(page, reply),
            RootTaskProtocol.ListAppsLabel => RootTaskProtocol.EncodeListAppsReply(page, reply),
            _ => RootTaskProtocol.EncodeReadAppReply(page, reply),
        };
        return _replyLength < 0 ? RootError.BadLength : RootError.Ok;
    }
}
