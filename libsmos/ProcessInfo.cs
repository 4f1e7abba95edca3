// The process list (a ps): every process with its parent, state, quota and usage; the boot archive's apps (names, bytes); error texts that name a quota.
using System;
using System.Collections.Generic;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>One process as <see cref="Process.List"/> reports it: who it is, its quota and what it uses of it.</summary>
public sealed class ProcessInfo
{
    internal ProcessInfo(in ProcessEntry e)
    {
        Span<byte> name = stackalloc byte[32];
        int n = e.NameBytes(name);
        Pid = e.Pid;
        ParentPid = e.ParentPid;
        State = e.State;
        Name = System.Text.Encoding.UTF8.GetString(name.Slice(0, n));
        Quota = e.Quota;
        Used = e.Used;
        Given = e.Given;
    }

    /// <summary>Its process id.</summary>
    public ulong Pid { get; }

    /// <summary>The parent's pid, or 0 for the root task (which also adopts orphans).</summary>
    public ulong ParentPid { get; }

    /// <summary>The app's name.</summary>
    public string Name { get; }

    /// <summary>Running, or Zombie (ended; its parent has not waited yet).</summary>
    public ListedState State { get; }

    /// <summary>Its quota, given by its parent (or the root task) at Spawn.</summary>
    public ProcessQuota Quota { get; }

    /// <summary>What it uses itself (Children: its child processes, zombies included).</summary>
    public ProcessQuota Used { get; }

    /// <summary>The quotas it gave its children (Children: what each may hold below itself).</summary>
    public ProcessQuota Given { get; }

    /// <summary>What it has used or given of <paramref name="kind"/>.</summary>
    public ulong Held(QuotaKind kind) => Used.Get(kind) + Given.Get(kind);

    /// <summary>What is left of <paramref name="kind"/> for it or a new child.</summary>
    public ulong Free(QuotaKind kind) => Held(kind) >= Quota.Get(kind) ? 0 : Quota.Get(kind) - Held(kind);

    /// <summary>Its quota less what it has used and given, each kind: what it could give a child now.</summary>
    public ProcessQuota FreeQuota()
    {
        ProcessQuota q = default;
        for (int k = 0; k < ProcessQuota.Words; k++)
        {
            q.Set((QuotaKind)k, Free((QuotaKind)k));
        }

        return q;
    }

    /// <summary>One ps line: pid, parent, state, name, then held/quota of each kind (memory in KiB).</summary>
    public override string ToString() =>
        $"{Pid,5} {ParentPid,5} {(State == ListedState.Zombie ? "zombie" : "run"),-6} {Name,-12} mem {Held(QuotaKind.Memory) / 1024}/{Quota.Memory / 1024}K " +
        $"slots {Held(QuotaKind.Slots)}/{Quota.Slots} children {Held(QuotaKind.Children)}/{Quota.Children} conns {Held(QuotaKind.Connections)}/{Quota.Connections} " +
        $"pubs {Held(QuotaKind.Publications)}/{Quota.Publications} subs {Held(QuotaKind.Subscriptions)}/{Quota.Subscriptions}";
}

public static partial class Process
{
    /// <summary>
    /// Every live process and zombie, in pid order, with its quota and usage (the ListProcesses request, a page of up to
    /// 4 processes per request). Throws <see cref="InvalidOperationException"/> if the root task refuses a page.
    /// </summary>
    /// <example><code>foreach (ProcessInfo p in Process.List()) { Console.WriteLine(p); }</code></example>
    public static List<ProcessInfo> List()
    {
        var all = new List<ProcessInfo>();
        ulong next = 0;
        do
        {
            RootError e = ListFrom(next, all, out next);
            if (e != RootError.Ok)
            {
                throw new InvalidOperationException("ps: " + ProcessAbi.Describe(e));
            }
        }
        while (next != 0);

        return all;
    }

    /// <summary>
    /// The names of the apps in the boot archive, in archive order (the ListApps request, 16 names per request): what
    /// <see cref="Spawn(string, ReadOnlySpan{string}, out ulong)"/> can start. Throws <see cref="InvalidOperationException"/>
    /// if the root task refuses a page.
    /// </summary>
    /// <example><code>foreach (string app in Process.ListApps()) { Console.WriteLine(app); }</code></example>
    public static List<string> ListApps()
    {
        var names = new List<string>();
        Span<ulong> words = stackalloc ulong[1 + ListAppsRequest.ReplyLength(ListAppsRequest.MaxEntries)];
        Span<byte> name = stackalloc byte[ListAppsRequest.NameWords * 8];
        ulong next = 0;
        do
        {
            RootError e = RootCall.ListApps(next, words, out ReadOnlySpan<ulong> page);
            if (e != RootError.Ok || page.Length < 2)
            {
                throw new InvalidOperationException("ls: " + ProcessAbi.Describe(e == RootError.Ok ? RootError.BadLength : e));
            }

            next = page[0];
            int count = (int)page[1];
            for (int k = 0; k < count && ListAppsRequest.ReplyLength(k + 1) <= page.Length; k++)
            {
                names.Add(System.Text.Encoding.UTF8.GetString(name.Slice(0, ListAppsRequest.DecodeName(page, k, name))));
            }
        }
        while (next != 0);

        return names;
    }

    /// <summary>
    /// Reads bytes of the app <paramref name="name"/> of the boot archive (one that <see cref="ListApps"/> names; its ELF)
    /// from byte <paramref name="offset"/> on: up to <paramref name="into"/>.Length bytes, and at most
    /// <see cref="ReadAppRequest.MaxBytes"/> (936), one ReadApp request per call. <paramref name="read"/> is how many
    /// came (fewer than asked only at the app's end; 0 when <paramref name="offset"/> equals the size) and
    /// <paramref name="size"/> the app's size in bytes. Any process may read. NoSuchApp when the archive has no app of
    /// that name, BadArgument for an empty name or an offset below 0 or past the size, BadLength for a name of more than
    /// <see cref="ProcessAbi.MaxAppNameBytes"/> UTF-8 bytes (or null); <paramref name="read"/> and
    /// <paramref name="size"/> are 0 then.
    /// </summary>
    /// <example><code>
    /// // The whole of "hello", a request at a time.
    /// Span&lt;byte&gt; chunk = stackalloc byte[ReadAppRequest.MaxBytes];
    /// long offset = 0;
    /// while (Process.ReadApp("hello", offset, chunk, out int read, out long size) == RootError.Ok &amp;&amp; read > 0)
    /// {
    ///     offset += read; // chunk[..read] are the bytes at offset - read; offset == size at the end
    /// }
    /// </code></example>
    public static RootError ReadApp(string name, long offset, Span<byte> into, out int read, out long size)
    {
        read = 0;
        size = 0;
        Span<byte> bytes = stackalloc byte[ProcessAbi.MaxAppNameBytes + 1];
        int n = Utf8Names.Encode(name, bytes);
        if (n <= 0 || n > ProcessAbi.MaxAppNameBytes)
        {
            return n == 0 ? RootError.BadArgument : RootError.BadLength;
        }

        if (offset < 0)
        {
            return RootError.BadArgument;
        }

        RootError e = RootCall.ReadApp(bytes.Slice(0, n), (ulong)offset, into, out read, out ulong total);
        size = (long)total;
        return e;
    }

    /// <summary>
    /// The size in bytes of the app <paramref name="name"/> of the boot archive (a ReadApp at offset 0 that keeps no
    /// bytes); the errors are <see cref="ReadApp"/>'s.
    /// </summary>
    /// <example><code>if (Process.GetAppSize("hello", out long size) == RootError.Ok) { Console.WriteLine($"hello: {size} bytes"); }</code></example>
    public static RootError GetAppSize(string name, out long size) => ReadApp(name, 0, default, out _, out size);

    /// <summary>The process <paramref name="pid"/> (live or zombie) with its quota and usage; NoSuchProcess if there is none.</summary>
    /// <example><code>if (Process.TryGetInfo(Process.Pid, out ProcessInfo? me) == RootError.Ok) { Console.WriteLine(me!.Free(QuotaKind.Memory)); }</code></example>
    public static RootError TryGetInfo(ulong pid, out ProcessInfo? info)
    {
        info = null;
        var page = new List<ProcessInfo>();
        RootError e = ListFrom(pid, page, out _);
        if (e == RootError.Ok && page.Count > 0 && page[0].Pid == pid)
        {
            info = page[0];
            return RootError.Ok;
        }

        return e == RootError.Ok ? RootError.NoSuchProcess : e;
    }

    /// <summary>
    /// Reads process <paramref name="pid"/>'s entry of the process list until <paramref name="condition"/> holds for it,
    /// yielding between reads; false as soon as the process has ended (a zombie) or is gone. For a parent that must know a
    /// child holds what it should (its connections, publications, subscriptions) before it goes on: a child's work is
    /// not seen in the list until the child has run.
    /// </summary>
    /// <example><code>bool subscribed = Process.WaitUntil(child, p => p.Used.Subscriptions == 4);</code></example>
    public static bool WaitUntil(ulong pid, Func<ProcessInfo, bool> condition)
    {
        while (TryGetInfo(pid, out ProcessInfo? info) == RootError.Ok && info!.State != ListedState.Zombie)
        {
            if (condition(info))
            {
                return true;
            }

            Scheduler.Yield();
        }

        return false;
    }

    /// <summary>
    /// Kills every process of <paramref name="pids"/> and waits for each (so none is left a zombie); true if each was
    /// still running when it was killed (its exit code is <see cref="ExitCodes.Killed"/>), false if one had ended by
    /// itself or was not this process's child.
    /// </summary>
    /// <example><code>bool allWereRunning = Process.KillAll(workers);</code></example>
    public static bool KillAll(IReadOnlyList<ulong> pids)
    {
        bool all = true;
        for (int i = 0; i < pids.Count; i++)
        {
            _ = Kill(pids[i]);
            all &= Wait(pids[i], out long code) == RootError.Ok && code == ExitCodes.Killed;
        }

        return all;
    }

    /// <summary>
    /// A sentence for <paramref name="error"/>; for a quota error it names the quota and its size from this process's
    /// own entry, e.g. "the child-process quota (4) is used up".
    /// </summary>
    public static string Describe(RootError error)
    {
        if (ProcessQuota.IsQuotaError(error, out QuotaKind kind) && TryGetInfo(Pid, out ProcessInfo? me) == RootError.Ok)
        {
            return $"the {ProcessQuota.Name(kind)} quota ({me!.Quota.Get(kind)}) is used up";
        }

        return ProcessAbi.Describe(error);
    }

    /// <summary>
    /// The whole system's figures (the SystemStatus request, a <c>free</c>): the root task's untyped memory (total and
    /// free), its CSpace's slots (total and free), its heap (size and bytes in use), and how many processes, zombies,
    /// connections, publications, topics, subscriptions and memory objects exist. With <paramref name="collectRootHeap"/>
    /// the root task collects its heap first, so that <see cref="SystemStatus.HeapUsedBytes"/> counts live objects only
    /// (about 350,000 instructions of the root task's time: for measurements, not for a loop).
    /// </summary>
    /// <example><code>if (Process.GetSystemStatus(out SystemStatus s) == RootError.Ok) { Console.WriteLine($"{s.FreeUntypedBytes / 1024} KiB free"); }</code></example>
    public static RootError GetSystemStatus(out SystemStatus status, bool collectRootHeap = false)
    {
        return RootCall.SystemStatus(collectRootHeap ? StatusFlags.CollectFirst : StatusFlags.None, out status);
    }

    private static RootError ListFrom(ulong first, List<ProcessInfo> into, out ulong next)
    {
        next = 0;
        Span<ulong> words = stackalloc ulong[1 + ListProcessesRequest.MaxReplyWords];
        RootError e = RootCall.ListProcesses(first, words, out ReadOnlySpan<ulong> page);
        if (e != RootError.Ok || (e = ListProcessesRequest.DecodeReply(page, out next, out int count)) != RootError.Ok)
        {
            return e;
        }

        for (int k = 0; k < count; k++)
        {
            into.Add(new ProcessInfo(ListProcessesRequest.DecodeEntry(page, k)));
        }

        return RootError.Ok;
    }
}
