// Requests to the root task: one line each over RootTaskClient, IRootTask's generated client, and RootTransport.
using System;
using System.Runtime.CompilerServices;
using Smos.Protocol;

namespace Smos.Lib;

/// <summary>
/// How libsmos sends every request to the root task: through <see cref="RootTaskClient"/>, the client the protocol
/// generator makes from <see cref="IRootTask"/> (it encodes with <see cref="RootTaskProtocol"/>, the codec the root task
/// decodes with, and checks the reply's result), over <see cref="RootTransport"/> (the scopes and the seL4_Call). Each
/// returns the reply label as a <see cref="RootError"/>; a result is 0 unless Ok.
/// </summary>
[SkipLocalsInit] // the quota and grant words are written before they are read
internal static class RootCall
{
    /// <summary>Exit (<see cref="IRootTask.Exit"/>): the root task never answers it.</summary>
    public static void Exit(long code)
    {
        var t = default(RootTransport);
        RootTaskClient.Exit(ref t, code);
    }

    /// <summary>Wait (<see cref="IRootTask.Wait"/>): <paramref name="code"/> is the child's exit code.</summary>
    public static RootError Wait(ulong pid, out long code)
    {
        var t = default(RootTransport);
        return (RootError)RootTaskClient.Wait(ref t, pid, out code);
    }

    /// <summary>Kill (<see cref="IRootTask.Kill"/>).</summary>
    public static RootError Kill(ulong pid)
    {
        var t = default(RootTransport);
        return (RootError)RootTaskClient.Kill(ref t, pid);
    }

    /// <summary>Alloc (<see cref="IRootTask.Alloc"/>): <paramref name="vaddr"/> is the first page's address.</summary>
    public static RootError Alloc(ulong pages, out ulong vaddr)
    {
        var t = default(RootTransport);
        return (RootError)RootTaskClient.Alloc(ref t, pages, out vaddr);
    }

    /// <summary>GetPid (<see cref="IRootTask.GetPid"/>).</summary>
    public static RootError GetPid(out ulong pid)
    {
        var t = default(RootTransport);
        return (RootError)RootTaskClient.GetPid(ref t, out pid);
    }

    /// <summary>CSpaceGrow (<see cref="IRootTask.CSpaceGrow"/>): <paramref name="first"/> is the cptr of the new CNode's slot 0.</summary>
    public static RootError CSpaceGrow(out ulong first)
    {
        var t = default(RootTransport);
        return (RootError)RootTaskClient.CSpaceGrow(ref t, out first);
    }

    /// <summary>ConsoleAttach (<see cref="IRootTask.ConsoleAttach"/>).</summary>
    public static RootError ConsoleAttach()
    {
        var t = default(RootTransport);
        return (RootError)RootTaskClient.ConsoleAttach(ref t);
    }

    /// <summary>PowerOff (<see cref="IRootTask.PowerOff"/>): answered only when refused.</summary>
    public static RootError PowerOff()
    {
        var t = default(RootTransport);
        return (RootError)RootTaskClient.PowerOff(ref t);
    }

    /// <summary>ConnClose (<see cref="IRootTask.ConnClose"/>).</summary>
    public static RootError ConnClose(ulong handle)
    {
        var t = default(RootTransport);
        return (RootError)RootTaskClient.ConnClose(ref t, handle);
    }

    /// <summary>ConnDestroy (<see cref="IRootTask.ConnDestroy"/>).</summary>
    public static RootError ConnDestroy(ulong handle)
    {
        var t = default(RootTransport);
        return (RootError)RootTaskClient.ConnDestroy(ref t, handle);
    }

    /// <summary>ConnShare (<see cref="IRootTask.ConnShare"/>): <paramref name="serverAddress"/> is where the page is in the server.</summary>
    public static RootError ConnShare(ulong handle, ulong vaddr, out ulong serverAddress)
    {
        var t = default(RootTransport);
        return (RootError)RootTaskClient.ConnShare(ref t, handle, vaddr, out serverAddress);
    }

    /// <summary>Free (<see cref="IRootTask.Free"/>).</summary>
    public static RootError Free(ulong vaddr, ulong pages)
    {
        var t = default(RootTransport);
        return (RootError)RootTaskClient.Free(ref t, vaddr, pages);
    }

    /// <summary>Print (<see cref="IRootTask.Print"/>): BadLength for more than <see cref="ProcessAbi.MaxPrintBytes"/>.</summary>
    public static RootError Print(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > ProcessAbi.MaxPrintBytes)
        {
            return RootError.BadLength;
        }

        var t = default(RootTransport);
        return (RootError)RootTaskClient.Print(ref t, bytes);
    }

    /// <summary>Subscribe, Unsubscribe, PublishTopic or ReadTopic (<see cref="IRootTask"/>) of topic <paramref name="name"/>.</summary>
    public static RootError Topic(RootRequest request, ReadOnlySpan<byte> name, ulong value, out ulong reply0)
    {
        var t = default(RootTransport);
        reply0 = 0;
        return (RootError)(request switch
        {
            RootRequest.PublishTopic => RootTaskClient.PublishTopic(ref t, value, name, out reply0),
            RootRequest.Subscribe => RootTaskClient.Subscribe(ref t, name, out reply0),
            RootRequest.Unsubscribe => RootTaskClient.Unsubscribe(ref t, name),
            _ => RootTaskClient.ReadTopic(ref t, name, out reply0),
        });
    }

    /// <summary>OpenTopic (<see cref="IRootTask.OpenTopic"/>): <paramref name="handle"/> names the topic in <see cref="PublishHandle"/>.</summary>
    public static RootError OpenTopic(ReadOnlySpan<byte> name, out ulong handle)
    {
        var t = default(RootTransport);
        return (RootError)RootTaskClient.OpenTopic(ref t, name, out handle);
    }

    /// <summary>PublishHandle (<see cref="IRootTask.PublishHandle"/>): <paramref name="signalled"/> is how many subscribers were.</summary>
    public static RootError PublishHandle(ulong handle, ulong value, out ulong signalled)
    {
        var t = default(RootTransport);
        return (RootError)RootTaskClient.PublishHandle(ref t, handle, value, out signalled);
    }

    /// <summary>
    /// ConnPublish, ConnOpen or ConnNotify (<see cref="IRootTask"/>), whose reply carries a capability into
    /// <paramref name="slot"/>: <paramref name="gotCap"/> says whether one came.
    /// </summary>
    public static RootError ForCap(RootRequest request, ulong word, ReadOnlySpan<byte> name, ulong slot, out ulong reply0, out bool gotCap)
    {
        var t = new RootTransport { ReceiveSlot = slot };
        reply0 = 0;
        ulong label = request switch
        {
            RootRequest.ConnPublish => RootTaskClient.ConnPublish(ref t, word, name, out reply0),
            RootRequest.ConnOpen => RootTaskClient.ConnOpen(ref t, name, out reply0),
            _ => RootTaskClient.ConnNotify(ref t, word),
        };
        gotCap = t.GotCap;
        return (RootError)label;
    }

    /// <summary>
    /// A memory-object request (<see cref="IRootTask"/>): <paramref name="handle"/> attached (0: none), a capability in
    /// the reply into <paramref name="slot"/> (0: none expected); <paramref name="gotCap"/> says whether one came.
    /// </summary>
    public static RootError Memory(RootRequest request, ulong handle, ulong word, MemoryRights rights, ulong slot, out ulong reply0, out bool gotCap)
    {
        var t = new RootTransport { ReceiveSlot = slot, Attached = handle };
        reply0 = 0;
        ulong label = request switch
        {
            RootRequest.MemCreate => RootTaskClient.MemCreate(ref t, word, out reply0),
            RootRequest.MemHandle => RootTaskClient.MemHandle(ref t, rights, out reply0),
            RootRequest.MemMap => RootTaskClient.MemMap(ref t, word, rights, out reply0),
            RootRequest.MemUnmap => RootTaskClient.MemUnmap(ref t, word),
            _ => RootTaskClient.MemClose(ref t),
        };
        gotCap = t.GotCap;
        return (RootError)label;
    }

    /// <summary>Spawn (<see cref="IRootTask.Spawn"/>) without a quota: the child gets the default.</summary>
    public static RootError Spawn(ReadOnlySpan<byte> name, ReadOnlySpan<byte> argsBlob, out ulong pid) => SpawnWith(name, argsBlob, null, out pid);

    /// <summary>Spawn with the child's quota (<see cref="IRootTask.Spawn"/>).</summary>
    public static RootError Spawn(ReadOnlySpan<byte> name, ReadOnlySpan<byte> argsBlob, in ProcessQuota quota, out ulong pid) =>
        SpawnWith(name, argsBlob, quota, out pid);

    // Spawn with the quota's words when there is one: BadLength when name and blob do not fit one message with them.
    private static RootError SpawnWith(ReadOnlySpan<byte> name, ReadOnlySpan<byte> argsBlob, ProcessQuota? quota, out ulong pid)
    {
        pid = 0;
        if (name.Length == 0)
        {
            return RootError.BadArgument;
        }

        Span<ulong> q = stackalloc ulong[ProcessQuota.Words];
        var t = default(RootTransport);
        return (RootError)RootTaskClient.Spawn(ref t, name, argsBlob, q.Slice(0, SpawnRequest.EncodeQuota(quota, q)), out pid);
    }

    /// <summary>SpawnGranted (<see cref="IRootTask.SpawnGranted"/>): a spawn whose child gets <paramref name="grants"/>, with its quota when given.</summary>
    public static RootError SpawnGranted(ReadOnlySpan<byte> name, ReadOnlySpan<byte> argsBlob, in SpawnGrants grants, ProcessQuota? quota, out ulong pid)
    {
        pid = 0;
        if (name.Length == 0)
        {
            return RootError.BadArgument;
        }

        Span<ulong> q = stackalloc ulong[ProcessQuota.Words];
        Span<ulong> g = stackalloc ulong[SpawnGrants.Words];
        grants.Encode(g);
        var t = default(RootTransport);
        return (RootError)RootTaskClient.SpawnGranted(ref t, name, argsBlob, g, q.Slice(0, SpawnRequest.EncodeQuota(quota, q)), out pid);
    }

    /// <summary>
    /// ReadApp (<see cref="IRootTask.ReadApp"/>): up to <paramref name="into"/>.Length bytes (at most
    /// <see cref="ReadAppRequest.MaxBytes"/>) of app <paramref name="name"/> from <paramref name="offset"/>;
    /// <paramref name="read"/> is how many came and <paramref name="size"/> the app's size (both 0 unless Ok).
    /// </summary>
    public static RootError ReadApp(ReadOnlySpan<byte> name, ulong offset, Span<byte> into, out int read, out ulong size)
    {
        read = 0;
        size = 0;
        if (name.Length == 0 || name.Length > ProcessAbi.MaxAppNameBytes)
        {
            return name.Length == 0 ? RootError.BadArgument : RootError.BadLength;
        }

        Span<ulong> words = stackalloc ulong[ProcessAbi.MaxMessageRegisters];
        var t = default(RootTransport);
        var e = (RootError)RootTaskClient.ReadApp(ref t, offset, name, words, out ReadOnlySpan<ulong> page);
        if (e != RootError.Ok || (e = ReadAppRequest.DecodeReply(page, out size, out int count)) != RootError.Ok)
        {
            return e;
        }

        read = ReadAppRequest.DecodeBytes(page, count, into);
        return RootError.Ok;
    }

    /// <summary>ListProcesses (<see cref="IRootTask.ListProcesses"/>): <paramref name="page"/> is the reply's page (a slice of <paramref name="reply"/>).</summary>
    public static RootError ListProcesses(ulong first, Span<ulong> reply, out ReadOnlySpan<ulong> page)
    {
        var t = default(RootTransport);
        return (RootError)RootTaskClient.ListProcesses(ref t, first, reply, out page);
    }

    /// <summary>ListApps (<see cref="IRootTask.ListApps"/>): <paramref name="page"/> is the reply's page (a slice of <paramref name="reply"/>).</summary>
    public static RootError ListApps(ulong first, Span<ulong> reply, out ReadOnlySpan<ulong> page)
    {
        var t = default(RootTransport);
        return (RootError)RootTaskClient.ListApps(ref t, first, reply, out page);
    }

    /// <summary>SystemStatus (<see cref="IRootTask.SystemStatus"/>).</summary>
    public static RootError SystemStatus(StatusFlags flags, out SystemStatus status)
    {
        var t = default(RootTransport);
        return (RootError)RootTaskClient.SystemStatus(ref t, flags, out status);
    }
}
