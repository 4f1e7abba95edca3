// Requests to the root task: the message encoded by the protocol's codec, copied in a write scope, seL4_Call, the reply decoded in a read scope.
using System;
using System.Runtime.CompilerServices;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// How libsmos sends every request to the root task. The request's words come from the protocol's codec (protocol/Codec:
/// the one definition of each request's layout, shared with the root task's decoders); they are copied into the IPC
/// buffer in an <see cref="Ipc.Write"/> scope that ends before <see cref="Endpoint.Call(MessageInfo)"/>, and the reply is
/// read in an <see cref="Ipc.Read"/> scope opened after it and decoded by <see cref="RootReplies"/>.
/// </summary>
[SkipLocalsInit] // the message spans are written by the encoders before they are read
internal static class RootCall
{
    private static Endpoint Root => new(AppState.RootEndpoint);

    // A request encoded by RootTaskProtocol (IRootTask) into m: its length, or -1 when it did not fit (BadLength).
    private static RootError Send(RootRequest request, Span<ulong> m, int length, out ulong reply0)
    {
        reply0 = 0;
        return length < 0 ? RootError.BadLength : Call(request, m.Slice(0, length), 0, out reply0, out _);
    }

    /// <summary>Exit (<see cref="IRootTask.Exit"/>): the root task never answers it.</summary>
    public static void Exit(long code)
    {
        Span<ulong> m = stackalloc ulong[1];
        Send(RootRequest.Exit, m, RootTaskProtocol.EncodeExit(code, m), out _);
    }

    /// <summary>Wait (<see cref="IRootTask.Wait"/>): <paramref name="code"/> is the child's exit code (0 unless Ok).</summary>
    public static RootError Wait(ulong pid, out long code)
    {
        Span<ulong> m = stackalloc ulong[1];
        RootError e = Send(RootRequest.Wait, m, RootTaskProtocol.EncodeWait(pid, m), out ulong value);
        code = (long)value;
        return e;
    }

    /// <summary>Kill (<see cref="IRootTask.Kill"/>).</summary>
    public static RootError Kill(ulong pid)
    {
        Span<ulong> m = stackalloc ulong[1];
        return Send(RootRequest.Kill, m, RootTaskProtocol.EncodeKill(pid, m), out _);
    }

    /// <summary>Alloc (<see cref="IRootTask.Alloc"/>): <paramref name="vaddr"/> is the first page's address (0 unless Ok).</summary>
    public static RootError Alloc(ulong pages, out ulong vaddr)
    {
        Span<ulong> m = stackalloc ulong[1];
        return Send(RootRequest.Alloc, m, RootTaskProtocol.EncodeAlloc(pages, m), out vaddr);
    }

    /// <summary>GetPid (<see cref="IRootTask.GetPid"/>).</summary>
    public static RootError GetPid(out ulong pid) => Send(RootRequest.GetPid, default, RootTaskProtocol.EncodeGetPid(default), out pid);

    /// <summary>CSpaceGrow (<see cref="IRootTask.CSpaceGrow"/>): <paramref name="first"/> is the cptr of the new CNode's slot 0.</summary>
    public static RootError CSpaceGrow(out ulong first) => Send(RootRequest.CSpaceGrow, default, RootTaskProtocol.EncodeCSpaceGrow(default), out first);

    /// <summary>ConsoleAttach (<see cref="IRootTask.ConsoleAttach"/>).</summary>
    public static RootError ConsoleAttach() => Send(RootRequest.ConsoleAttach, default, RootTaskProtocol.EncodeConsoleAttach(default), out _);

    /// <summary>PowerOff (<see cref="IRootTask.PowerOff"/>): answered only when refused.</summary>
    public static RootError PowerOff() => Send(RootRequest.PowerOff, default, RootTaskProtocol.EncodePowerOff(default), out _);

    /// <summary>ConnClose (<see cref="IRootTask.ConnClose"/>).</summary>
    public static RootError ConnClose(ulong handle)
    {
        Span<ulong> m = stackalloc ulong[1];
        return Send(RootRequest.ConnClose, m, RootTaskProtocol.EncodeConnClose(handle, m), out _);
    }

    /// <summary>ConnDestroy (<see cref="IRootTask.ConnDestroy"/>).</summary>
    public static RootError ConnDestroy(ulong handle)
    {
        Span<ulong> m = stackalloc ulong[1];
        return Send(RootRequest.ConnDestroy, m, RootTaskProtocol.EncodeConnDestroy(handle, m), out _);
    }

    /// <summary>Free (<see cref="IRootTask.Free"/>).</summary>
    public static RootError Free(ulong vaddr, ulong pages)
    {
        Span<ulong> m = stackalloc ulong[2];
        return Send(RootRequest.Free, m, RootTaskProtocol.EncodeFree(vaddr, pages, m), out _);
    }

    /// <summary>Print (<see cref="IRootTask.Print"/>).</summary>
    public static RootError Print(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > ProcessAbi.MaxPrintBytes)
        {
            return RootError.BadLength;
        }

        Span<ulong> m = stackalloc ulong[ProtocolWords.ForBytes(ProcessAbi.MaxPrintBytes)];
        return Send(RootRequest.Print, m, RootTaskProtocol.EncodePrint(bytes, m), out _);
    }

    /// <summary>Spawn (<see cref="IRootTask.Spawn"/>); the reply's value is the child's pid.</summary>
    public static RootError Spawn(ReadOnlySpan<byte> name, ReadOnlySpan<byte> argsBlob, out ulong pid) => SpawnWith(name, argsBlob, null, out pid);

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

        Span<ulong> m = stackalloc ulong[1 + ProtocolWords.ForBytes(ProcessAbi.MaxAppNameBytes)];
        Span<ulong> words = stackalloc ulong[ProcessAbi.MaxMessageRegisters];
        RootError e = Paged(RootRequest.ReadApp, m.Slice(0, RootTaskProtocol.EncodeReadApp(offset, name, m)), words, out ReadOnlySpan<ulong> page);
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
        Span<ulong> m = stackalloc ulong[1];
        return Paged(RootRequest.ListProcesses, m.Slice(0, RootTaskProtocol.EncodeListProcesses(first, m)), reply, out page);
    }

    /// <summary>ListApps (<see cref="IRootTask.ListApps"/>): <paramref name="page"/> is the reply's page (a slice of <paramref name="reply"/>).</summary>
    public static RootError ListApps(ulong first, Span<ulong> reply, out ReadOnlySpan<ulong> page)
    {
        Span<ulong> m = stackalloc ulong[1];
        return Paged(RootRequest.ListApps, m.Slice(0, RootTaskProtocol.EncodeListApps(first, m)), reply, out page);
    }

    /// <summary>SystemStatus (<see cref="IRootTask.SystemStatus"/>).</summary>
    public static RootError SystemStatus(StatusFlags flags, out SystemStatus status)
    {
        status = default;
        Span<ulong> m = stackalloc ulong[1];
        Span<ulong> words = stackalloc ulong[16];
        RootError e = CallForWords(RootRequest.SystemStatus, m.Slice(0, RootTaskProtocol.EncodeSystemStatus(flags, m)), words, out int length);
        return e != RootError.Ok ? e : RootTaskProtocol.DecodeSystemStatusReply(words.Slice(0, length), out status) ? RootError.Ok : RootError.BadLength;
    }

    // A request whose reply is a page (ListProcesses, ListApps, ReadApp): the words into reply, the page checked by the
    // request's generated reply decoder (BadLength when its count word does not match the reply).
    private static RootError Paged(RootRequest request, scoped ReadOnlySpan<ulong> message, Span<ulong> reply, out ReadOnlySpan<ulong> page)
    {
        page = default;
        RootError e = CallForWords(request, message, reply, out int length);
        if (e != RootError.Ok)
        {
            return e;
        }

        ReadOnlySpan<ulong> words = reply.Slice(0, length);
        bool ok = request switch
        {
            RootRequest.ListProcesses => RootTaskProtocol.DecodeListProcessesReply(words, out page),
            RootRequest.ListApps => RootTaskProtocol.DecodeListAppsReply(words, out page),
            _ => RootTaskProtocol.DecodeReadAppReply(words, out page),
        };
        return ok ? RootError.Ok : RootError.BadLength;
    }

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
        Span<ulong> m = stackalloc ulong[ProcessAbi.MaxMessageRegisters];
        int length = RootTaskProtocol.EncodeSpawn(name, argsBlob, q.Slice(0, SpawnRequest.EncodeQuota(quota, q)), m);
        return length < 0 ? RootError.BadLength : Call(RootRequest.Spawn, m.Slice(0, length), 0, out pid, out _);
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
        Span<ulong> m = stackalloc ulong[ProcessAbi.MaxMessageRegisters];
        int length = RootTaskProtocol.EncodeSpawnGranted(name, argsBlob, g, q.Slice(0, SpawnRequest.EncodeQuota(quota, q)), m);
        return length < 0 ? RootError.BadLength : Call(RootRequest.SpawnGranted, m.Slice(0, length), 0, out pid, out _);
    }

    /// <summary>
    /// A request of several words whose reply has several words (ReadApp): <paramref name="message"/> is copied into the
    /// IPC buffer in one write scope, the reply into <paramref name="reply"/> in one read scope; <paramref name="length"/>
    /// is how many words came (0 unless Ok; at most <paramref name="reply"/>'s length).
    /// </summary>
    public static RootError CallForWords(RootRequest request, scoped ReadOnlySpan<ulong> message, Span<ulong> reply, out int length)
    {
        length = 0;
        if (message.Length > 0)
        {
            using IpcWriter w = Ipc.Write();
            w.MessageRegisters.Slice(0, message.Length).CopyFrom(message);
        }

        MessageInfo info = Root.Call(new MessageInfo((ulong)request, 0, 0, message.Length));
        if (info.Label == (ulong)RootError.Ok)
        {
            int n = info.Length < reply.Length ? info.Length : reply.Length;
            using IpcReader r = Ipc.Read();
            r.MessageRegisters.Slice(0, n).CopyTo(reply.Slice(0, n));
            length = n;
        }

        return (RootError)info.Label;
    }

    /// <summary>
    /// Sends <paramref name="message"/> with label <paramref name="request"/>. With a <paramref name="receiveSlot"/> (not 0)
    /// a capability in the reply lands there and <paramref name="gotCap"/> says whether one came.
    /// </summary>
    public static RootError Call(RootRequest request, scoped ReadOnlySpan<ulong> message, ulong receiveSlot, out ulong reply0, out bool gotCap)
    {
        if (message.Length > 0 || receiveSlot != 0)
        {
            using IpcWriter w = Ipc.Write();
            if (receiveSlot != 0)
            {
                w.SetReceiveSlot(CapSlots.SelfCNode, receiveSlot, 64);
            }

            w.MessageRegisters.Slice(0, message.Length).CopyFrom(message);
        }

        MessageInfo reply = Root.Call(new MessageInfo((ulong)request, 0, 0, message.Length));
        gotCap = reply.ExtraCaps == 1;
        ulong mr0 = 0;
        if (reply.Length >= 1 && reply.Label == (ulong)RootError.Ok)
        {
            using IpcReader r = Ipc.Read();
            mr0 = r.GetMr(0);
        }

        return RootReplies.Decode(reply.Label, reply.Length, mr0, out reply0);
    }
}
