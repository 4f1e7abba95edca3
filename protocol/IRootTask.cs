// The root task's own protocol, declared for the protocol generator: each request's label, arguments and result; the codec is generated.
using System;

namespace Smos.Protocol;

/// <summary>
/// The requests every process sends to the root task on its root endpoint (<see cref="RootRequest"/> lists them all,
/// with their rules). The protocol generator turns this declaration into <c>RootTaskProtocol</c>: a label constant, an
/// encoder (libsmos, chaos, the tests) and a decoder into a checked <c>XArgs</c> value (the root task) per request, and
/// for a request with a result its reply's encoder and decoder. The reply label is always a <see cref="RootError"/>.
/// The layouts inside a few counted runs of words (the pages of ListProcesses, ListApps and ReadApp, a spawn's quota and
/// grants) are hand-written in protocol/Codec (docs/protocol.md).
/// </summary>
[SmosProtocol("root", FixedLabels = true)]
public interface IRootTask
{
    /// <summary>Prints <paramref name="text"/> (at most <see cref="ProcessAbi.MaxPrintBytes"/> bytes) as the caller's output.</summary>
    [Label((ulong)RootRequest.Print)]
    void Print(ReadOnlySpan<byte> text);

    /// <summary>Ends the caller with exit code <paramref name="code"/>; never answered.</summary>
    [Label((ulong)RootRequest.Exit)]
    void Exit(long code);

    /// <summary>
    /// Starts app <paramref name="name"/> (1 to <see cref="ProcessAbi.MaxAppNameBytes"/> bytes) as the caller's child
    /// with <paramref name="args"/> (the args after arg 0, each NUL-terminated; the root task adds the name as arg 0)
    /// and <paramref name="quota"/>: no words (<see cref="ProcessQuota.DefaultChild"/>, each kind clipped to what the
    /// caller has free) or a <see cref="ProcessQuota"/>'s <see cref="ProcessQuota.Words"/> words; the child's pid.
    /// </summary>
    [Label((ulong)RootRequest.Spawn)]
    ulong Spawn(ReadOnlySpan<byte> name, ReadOnlySpan<byte> args, ReadOnlySpan<ulong> quota);

    /// <summary>
    /// A Spawn whose child gets device <paramref name="grants"/> (a <see cref="SpawnGrants"/>' <see cref="SpawnGrants.Words"/>
    /// words), from a process whose init line gave it <c>may:grant=GRANTS</c> and within GRANTS; the child's pid.
    /// </summary>
    [Label((ulong)RootRequest.SpawnGranted)]
    ulong SpawnGranted(ReadOnlySpan<byte> name, ReadOnlySpan<byte> args, ReadOnlySpan<ulong> grants, ReadOnlySpan<ulong> quota);

    /// <summary>Waits until the caller's child <paramref name="pid"/> ends; its exit code.</summary>
    [Label((ulong)RootRequest.Wait)]
    long Wait(ulong pid);

    /// <summary>Ends process <paramref name="pid"/> (the caller or one of its descendants) and its subtree.</summary>
    [Label((ulong)RootRequest.Kill)]
    void Kill(ulong pid);

    /// <summary>Maps <paramref name="pages"/> zeroed pages in the caller's heap region; their address.</summary>
    [Label((ulong)RootRequest.Alloc)]
    ulong Alloc(ulong pages);

    /// <summary>The caller's pid.</summary>
    [Label((ulong)RootRequest.GetPid)]
    ulong GetPid();

    /// <summary>Gives back the <paramref name="pages"/> pages at <paramref name="vaddr"/>: exactly one earlier Alloc of the caller.</summary>
    [Label((ulong)RootRequest.Free)]
    void Free(ulong vaddr, ulong pages);

    /// <summary>
    /// The caller's last words: the failure's code address <paramref name="pc"/> (0: none), an uncaught exception's type
    /// <paramref name="exceptionType"/> (its MethodTable address in the app; 0: not an exception), its
    /// <paramref name="callers"/>' code addresses (innermost first, at most <see cref="ProcessAbi.MaxPanicFrames"/>) and a
    /// <paramref name="text"/> of at most <see cref="ProcessAbi.MaxPanicBytes"/>; never answered.
    /// </summary>
    [Label((ulong)RootRequest.Panic)]
    void Panic(ulong pc, ulong exceptionType, ReadOnlySpan<ulong> callers, ReadOnlySpan<byte> text);

    /// <summary>
    /// Publishes <paramref name="name"/> (1 to <see cref="ConnectionAbi.MaxNameBytes"/> of a-z 0-9 - _ .) with the
    /// caller's notification buffer mapped at <paramref name="bufferAddress"/>; the publication's handle, and its
    /// endpoint beside the words (ConnectionAbi).
    /// </summary>
    [Label((ulong)RootRequest.ConnPublish)]
    ulong ConnPublish(ulong bufferAddress, ReadOnlySpan<byte> name);

    /// <summary>Opens a connection to the server that published <paramref name="name"/>; its handle, and a badged endpoint beside the words.</summary>
    [Label((ulong)RootRequest.ConnOpen)]
    ulong ConnOpen(ReadOnlySpan<byte> name);

    /// <summary>Subscribes to topic <paramref name="name"/>; the notification bit it signals, as a mask (BrokerAbi).</summary>
    [Label((ulong)RootRequest.Subscribe)]
    ulong Subscribe(ReadOnlySpan<byte> name);

    /// <summary>Ends the caller's subscription to topic <paramref name="name"/>.</summary>
    [Label((ulong)RootRequest.Unsubscribe)]
    void Unsubscribe(ReadOnlySpan<byte> name);

    /// <summary>Publishes <paramref name="value"/> on topic <paramref name="name"/>; how many subscribers were signalled.</summary>
    [Label((ulong)RootRequest.PublishTopic)]
    ulong PublishTopic(ulong value, ReadOnlySpan<byte> name);

    /// <summary>The last value published on topic <paramref name="name"/>.</summary>
    [Label((ulong)RootRequest.ReadTopic)]
    ulong ReadTopic(ReadOnlySpan<byte> name);

    /// <summary>
    /// The handle of topic <paramref name="name"/>, made (held by the caller) if new as PublishTopic makes it: one word that
    /// names the topic in <see cref="PublishHandle"/> without its name (BrokerAbi).
    /// </summary>
    [Label((ulong)RootRequest.OpenTopic)]
    ulong OpenTopic(ReadOnlySpan<byte> name);

    /// <summary>Publishes <paramref name="value"/> on the topic of <paramref name="handle"/> (from OpenTopic); how many subscribers were signalled.</summary>
    [Label((ulong)RootRequest.PublishHandle)]
    ulong PublishHandle(ulong handle, ulong value);

    /// <summary>Closes the caller's connection <paramref name="handle"/> (ConnectionAbi).</summary>
    [Label((ulong)RootRequest.ConnClose)]
    void ConnClose(ulong handle);

    /// <summary>Withdraws the caller's publication <paramref name="handle"/> (ConnectionAbi).</summary>
    [Label((ulong)RootRequest.ConnDestroy)]
    void ConnDestroy(ulong handle);

    /// <summary>
    /// The doorbell of connection <paramref name="id"/> (0: of the caller's own publications; ConnectionAbi): the reply
    /// carries a notification capability, beside the words (a FixedLabels codec carries none itself).
    /// </summary>
    [Label((ulong)RootRequest.ConnNotify)]
    void ConnNotify(ulong id);

    /// <summary>
    /// Shares a page with the server of the caller's connection <paramref name="handle"/>, mapped at
    /// <paramref name="vaddr"/> in the caller; where it is in the server (ConnectionAbi).
    /// </summary>
    [Label((ulong)RootRequest.ConnShare)]
    ulong ConnShare(ulong handle, ulong vaddr);

    /// <summary>A memory object of <paramref name="pages"/> pages (1 to <see cref="MemoryObjectAbi.MaxPages"/>); its pages, and a read-write handle beside the words.</summary>
    [Label((ulong)RootRequest.MemCreate)]
    ulong MemCreate(ulong pages);

    /// <summary>With a handle attached: another handle to its object with <paramref name="rights"/> (beside the words); the object's pages.</summary>
    [Label((ulong)RootRequest.MemHandle)]
    ulong MemHandle(MemoryRights rights);

    /// <summary>With a handle attached: maps its object at <paramref name="vaddr"/> (page aligned, not 0) with <paramref name="rights"/>; the pages mapped.</summary>
    [Label((ulong)RootRequest.MemMap)]
    ulong MemMap(ulong vaddr, MemoryRights rights);

    /// <summary>Unmaps the caller's mapping of a memory object that starts at <paramref name="vaddr"/>.</summary>
    [Label((ulong)RootRequest.MemUnmap)]
    void MemUnmap(ulong vaddr);

    /// <summary>With a handle attached, from the object's creator: it no longer holds the object open.</summary>
    [Label((ulong)RootRequest.MemClose)]
    void MemClose();

    /// <summary>
    /// A page of the process list (a <c>ps</c>) from pid <paramref name="first"/> on: the next pid to ask for (0: none
    /// left), the entry count and the entries, laid out as <see cref="ListProcessesRequest"/> says.
    /// </summary>
    [Label((ulong)RootRequest.ListProcesses)]
    ReadOnlySpan<ulong> ListProcesses(ulong first);

    /// <summary>
    /// A page of the boot archive's apps (an <c>ls</c>) from index <paramref name="first"/> on: the next index (0: none
    /// left), the name count and the names, laid out as <see cref="ListAppsRequest"/> says.
    /// </summary>
    [Label((ulong)RootRequest.ListApps)]
    ReadOnlySpan<ulong> ListApps(ulong first);

    /// <summary>
    /// Up to <see cref="ReadAppRequest.MaxBytes"/> bytes of app <paramref name="name"/> (1 to
    /// <see cref="ProcessAbi.MaxAppNameBytes"/> bytes, as ListApps names it) from <paramref name="offset"/>: the app's size,
    /// the byte count and the bytes, laid out as <see cref="ReadAppRequest"/> says.
    /// </summary>
    [Label((ulong)RootRequest.ReadApp)]
    ReadOnlySpan<ulong> ReadApp(ulong offset, ReadOnlySpan<byte> name);

    /// <summary>The whole system's figures (a <c>free</c>); with <see cref="StatusFlags.CollectFirst"/> the root task collects its heap first.</summary>
    [Label((ulong)RootRequest.SystemStatus)]
    SystemStatus SystemStatus(StatusFlags flags);

    /// <summary>
    /// Adds a CNode of <see cref="CapSlots.CNodeSlots"/> slots to the caller's CSpace; the cptr of its slot 0 (check it with
    /// <see cref="CSpaceGrowRequest.DecodeReply"/>).
    /// </summary>
    [Label((ulong)RootRequest.CSpaceGrow)]
    ulong CSpaceGrow();

    /// <summary>From the console server only: the root task's output goes to its ring from now on.</summary>
    [Label((ulong)RootRequest.ConsoleAttach)]
    void ConsoleAttach();

    /// <summary>From a process the init list started: ends the system (SMOS-POWEROFF); never answered.</summary>
    [Label((ulong)RootRequest.PowerOff)]
    void PowerOff();
}
