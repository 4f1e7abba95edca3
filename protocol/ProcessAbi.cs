// The process contract between the root task and apps (layout, start info, cap slots, requests); shared, bare-metal safe.
namespace Smos.Protocol;

/// <summary>
/// Where things are in an app's address space and what the root task hands an app at start.
/// An app is an ELF linked below <see cref="HeapRegionBase"/> (kernel-glue/arch/aarch64/app.ld; <see cref="AppLinkBase"/>). The root task starts its
/// thread in its start code (<see cref="StartCodeVaddr"/>), which enters the ELF entry with sp = <see cref="StackTop"/>,
/// x0 = <see cref="StartInfoVaddr"/>, FP/SIMD enabled and TPIDR_EL0 = 0 (libsmos sets it).
/// </summary>
public static class ProcessAbi
{
    /// <summary>
    /// Where app code is linked by default, as by a `dotnet build` of the app alone (text R-X, then data RW from the next
    /// page; heap in .bss, no stack in .bss). buildsys links each app of an image at a base of its own between 0x400_0000
    /// and <see cref="HeapRegionBase"/> instead (buildsys AppLinkBases.cs), for gdb; the root task loads any base.
    /// </summary>
    public const ulong AppLinkBase = 0x40_0000;

    /// <summary>The start-info page (<see cref="StartInfo"/>), mapped read-only for the app.</summary>
    public const ulong StartInfoVaddr = 0x7f00_0000_0000;

    /// <summary>The app's IPC buffer (one page, read-write).</summary>
    public const ulong IpcBufferVaddr = 0x7f00_0000_1000;

    /// <summary>
    /// The root task's start code (one page, read + execute, the same in every process): a process's thread starts there
    /// with x0 = <see cref="StartInfoVaddr"/> and x1 = the ELF entry, yields once (so that it queues behind the processes
    /// already waiting at its priority) and jumps to the entry with x0 unchanged.
    /// </summary>
    public const ulong StartCodeVaddr = 0x7f00_0000_2000;

    /// <summary>Initial sp: the top of the stack (the stack grows down from here).</summary>
    public const ulong StackTop = 0x7f00_0010_0000;

    /// <summary>
    /// Pages of stack directly below <see cref="StackTop"/>: the top one is mapped at start, each other one when the
    /// thread first touches it (the root task maps it on the VM fault and resumes the thread). The page below them
    /// stays unmapped (guard): touching it is a fault that ends the process.
    /// </summary>
    public const int StackPages = 16;

    /// <summary>The lowest stack address: <see cref="StackTop"/> - <see cref="StackPages"/> pages.</summary>
    public const ulong StackBottom = StackTop - ((ulong)StackPages * PageSize);

    /// <summary>
    /// Where pages granted by <see cref="RootRequest.Alloc"/> are mapped: the heap region, <see cref="HeapRegionPages"/>
    /// pages (64 GiB) from here, the same fixed window in every process. A grant takes the lowest free range that fits,
    /// so pages given back with <see cref="RootRequest.Free"/> are used again. The window is larger than all the memory
    /// a process can be given, so what a process holds in it is bounded by its memory quota (and its slot quota: a slot
    /// a page), not by the window. It lies above the stack, in the same 512 GiB as the fixed pages (so it needs no
    /// level-1 table of its own), at addresses no small number looks like: the collector scans the stack and the data
    /// conservatively, and a region at 0x10_0000_0000 (tried first) was hit by the word 0x10_0052_5452 of every app's
    /// ReadyToRun header ("RTR", version 16), which kept whatever object lay 5 MiB into the heap alive for good.
    /// </summary>
    public const ulong HeapRegionBase = 0x7f40_0000_0000;

    /// <summary>
    /// Pages in the heap region: 2^24, 64 GiB (<see cref="HeapRegionBase"/> to <see cref="HeapRegionEnd"/>), more than
    /// the RAM of any machine the root task runs on (QEMU virt with 1 GiB here). Also the most pages one
    /// <see cref="RootRequest.Alloc"/> may ask for.
    /// </summary>
    public const int HeapRegionPages = 1 << 24;

    /// <summary>The first address above the heap region: <see cref="HeapRegionBase"/> + <see cref="HeapRegionPages"/> pages (0x7f50_0000_0000).</summary>
    public const ulong HeapRegionEnd = HeapRegionBase + ((ulong)HeapRegionPages * PageSize);

    /// <summary>
    /// Where the device pages an init-list line grants (<c>mmio:0xPADDR[/PAGES]</c>) are mapped, uncached, read-write and
    /// never executable: the regions one after another in the order of the line's words, each page aligned (at most
    /// <see cref="MaxDeviceRegions"/> of at most 16 pages). What is where: the start-info page from
    /// <see cref="StartInfoDeviceOffset"/> (libsmos DeviceMemory). Unmapped for a process without such a grant: touching it faults.
    /// </summary>
    public const ulong DeviceBase = 0x7f00_0020_0000;

    /// <summary>
    /// Where the DMA memory an init-list line grants (<c>dma:PAGES</c>) is mapped, cached read-write: physically contiguous,
    /// zeroed RAM whose physical address is in the start-info page at <see cref="StartInfoDmaOffset"/> (libsmos DmaMemory).
    /// </summary>
    public const ulong DmaBase = 0x7f00_0040_0000;

    /// <summary>The most device-memory regions one process is granted (one per mmio word).</summary>
    public const int MaxDeviceRegions = 4;

    /// <summary>
    /// Offset in the start-info page of the device-memory grants (after the args blob's room): a u64 count of regions,
    /// then per region three u64s: its vaddr, its physical address, its pages. All 0 without a grant.
    /// </summary>
    public const int StartInfoDeviceOffset = 3072;

    /// <summary>Offset in the start-info page of the DMA grant: three u64s, its vaddr, its physical address, its pages (all 0 without one).</summary>
    public const int StartInfoDmaOffset = 3200;

    /// <summary>Page size of every mapping in the contract.</summary>
    public const ulong PageSize = 4096;

    /// <summary><see cref="StartInfo.Magic"/>: "SMOS" little-endian in the low 4 bytes, version 1 in byte 4.</summary>
    public const ulong StartInfoMagic = 0x01_534F_4D53;

    /// <summary>Offset of the args blob in the start-info page.</summary>
    public const int ArgsOffset = 64;

    /// <summary>Maximum size of the args blob (NUL-terminated strings, arg 0 = the app's name).</summary>
    public const int MaxArgBytes = 3000;

    /// <summary>Maximum bytes in one <see cref="RootRequest.Print"/> request.</summary>
    public const int MaxPrintBytes = 800;

    /// <summary>Maximum bytes of text in one <see cref="RootRequest.Panic"/> request (longer texts are cut by libsmos).</summary>
    public const int MaxPanicBytes = 200;

    /// <summary>Most callers one <see cref="RootRequest.Panic"/> request lists (an uncaught exception's stack).</summary>
    public const int MaxPanicFrames = 12;

    /// <summary>Message registers of an seL4 IPC message (seL4_MsgMaxLength).</summary>
    public const int MaxMessageRegisters = 120;

    /// <summary>MR words holding <paramref name="bytes"/> bytes packed little-endian: ceil(bytes / 8).</summary>
    public static int PackedWords(int bytes) => WireBytes.Words(bytes);

    /// <summary>Longest app name a Spawn may carry, in bytes (the process record holds 32 with a terminator).</summary>
    public const int MaxAppNameBytes = 31;

    /// <summary>
    /// Total bytes of name plus args blob that fit one Spawn message without a quota (each packed to whole words after
    /// its count word, then the quota's count word): 936. With a quota, 48 fewer.
    /// </summary>
    public const int MaxSpawnBytes = (MaxMessageRegisters - 3) * 8;

    /// <summary>The highest <see cref="RootError"/>: a reply label above it is outside the protocol (chaos counts by it).</summary>
    public const RootError LastError = RootError.OutputBusy;

    /// <summary>A one-sentence explanation of <paramref name="error"/>.</summary>
    public static string Describe(RootError error) => error switch
    {
        RootError.Ok => "ok",
        RootError.UnknownRequest => "unknown request: the root task does not know this label",
        RootError.BadLength => "bad length: the message length does not match the request's arguments",
        RootError.NoSuchApp => "no such app: the boot image has no app of that name",
        RootError.NoMemory => "no memory: the root task has no memory left for this request",
        RootError.NoSuchProcess => "no such process: no process has that pid",
        RootError.NotPermitted => "not permitted: the caller may not do this",
        RootError.BadArgument => "bad argument: an argument is out of range",
        RootError.TooManyProcesses => "too many processes: the root task cannot hold one more process (pids or its heap)",
        RootError.NameTaken => "name taken: another server has published this name",
        RootError.NoSuchName => "no such name: no server has published this name",
        RootError.BadAddress => "bad address: the address is unaligned, out of range, in the shared window or overlaps a mapping",
        RootError.TooManyConnections => "table full: a limit every process shares was reached (publications held at once, connection ids, or the root task's capability slots)",
        RootError.BadHandle => "bad handle: not a live handle of the caller's connections or publications, nor of a topic",
        RootError.BadName => "bad name: empty, longer than 32 bytes or not made of a-z, 0-9, '-', '_', '.'",
        RootError.ProcessLimit => "process limit: the caller already holds 16 subscriptions (one per bit of its notification word) or 64 CNodes",
        RootError.ServerLimit => "server limit: the connection's server already holds its maximum of shared pages",
        RootError.QuotaMemory => "the memory quota is used up",
        RootError.QuotaSlots => "the slot quota is used up",
        RootError.QuotaChildren => "the child-process quota is used up",
        RootError.QuotaConnections => "the connection quota is used up",
        RootError.QuotaPublications => "the publication quota is used up",
        RootError.QuotaSubscriptions => "the subscription quota is used up",
        RootError.NoMemoryObject => "no memory object: the request carried no live memory-object handle (none attached, or the object was destroyed and its handles revoked)",
        RootError.ReadOnlyHandle => "read-only handle: the handle grants read-only access, so it cannot map writable or give a read-write handle",
        RootError.InterruptTaken => "interrupt taken: another process owns this interrupt (one owner per interrupt, until it ends)",
        RootError.DeviceTaken => "device taken: another process owns this device page (one owner per device page, until it ends)",
        RootError.OutputBusy => "output busy: the console server has not yet taken the earlier output; send the text again",
        _ => "unknown root task error",
    };
}

/// <summary>
/// Capability slots of an app's CSpace (docs/architecture.md, "Capabilities of a process"). The app's slots are in
/// CNodes: the first (CNode 0, <see cref="FirstCNodeSlots"/> slots) made at spawn, up to <see cref="MaxCNodes"/> - 1
/// more of <see cref="CNodeSlots"/> slots each added on request (<see cref="RootRequest.CSpaceGrow"/>). The cptr of slot s of CNode k is
/// <see cref="Cptr"/>(k, s) = (k &lt;&lt; <see cref="CNodeShift"/>) | s, so a cptr of CNode 0 equals its slot number.
/// The CNodes hang in a directory CNode (<see cref="DirectoryBits"/>), which is the app's <see cref="SelfCNode"/>; the
/// CSpace's top level above it, which the app cannot reach, holds the directory in slot 0 and the fault endpoint in slot
/// 1 (<see cref="FaultHandler"/>), so an app cannot delete the capability the kernel reports its faults with. Until the
/// first CSpaceGrow makes the directory, CNode 0 stands in its place (the same cptrs name the same slots).
/// Slots from <see cref="FirstFree"/> of CNode 0 on, and every slot of an added CNode, belong to the app.
/// </summary>
public static class CapSlots
{
    /// <summary>Slot 0 is always empty.</summary>
    public const ulong Null = 0;

    /// <summary>
    /// Reserved for the app's own TCB and left empty: with it an app could suspend its own thread, which the root task
    /// would never learn of. An app stops by Exit, or by a panic or fault the root task reports.
    /// </summary>
    public const ulong SelfTcb = 1;

    /// <summary>
    /// The app's CNode directory (guard 3; CNode 0 itself, guard 58, until the first CSpaceGrow makes the directory): use
    /// it with depth 64 as the root of CNode invocations and receive slots; it reaches every slot of every CNode of the
    /// app (<see cref="Cptr"/>).
    /// </summary>
    public const ulong SelfCNode = 2;

    /// <summary>The app's own VSpace (top-level page table).</summary>
    public const ulong SelfVSpace = 3;

    /// <summary>Endpoint to the root task, badged by the root task (requests: <see cref="RootRequest"/>).</summary>
    public const ulong RootEndpoint = 4;

    /// <summary>The app's notification.</summary>
    public const ulong Notification = 5;

    /// <summary>
    /// Reserved: the fault endpoint is outside the app's CNode, at <see cref="FaultHandler"/>. Empty, unless the process
    /// was started with an interrupt grant: then it holds that interrupt's handler (<see cref="IrqHandler"/>).
    /// </summary>
    public const ulong FaultEndpoint = 6;

    /// <summary>
    /// A process started with an interrupt grant (an init-list line's <c>irq:N</c>) holds its IRQHandler here (the same
    /// slot as <see cref="FaultEndpoint"/>, empty for every other process): IRQHandler_Ack after each interrupt. The
    /// interrupt signals the process's own notification (<see cref="Notification"/>) with
    /// <see cref="ConnectionAbi.InterruptBadge"/>, so a server's Recv returns it like a doorbell.
    /// </summary>
    public const ulong IrqHandler = 6;

    /// <summary>
    /// The cptr of the fault endpoint in the app's CSpace (bits 63-61 select the top level's slot 1): the kernel looks it
    /// up when the thread faults. The app holds no capability through which it could delete it.
    /// </summary>
    public const ulong FaultHandler = 1UL << 61;

    /// <summary>The first slot free for the app.</summary>
    public const ulong FirstFree = 7;

    /// <summary>Slots in each CNode added to the app's CSpace (CNodes 1 and up).</summary>
    public const int CNodeSlots = 256;

    /// <summary>log2 of <see cref="CNodeSlots"/>.</summary>
    public const int CNodeSizeBits = 8;

    /// <summary>
    /// Slots in CNode 0, the one made at spawn: the well-known slots and 57 free. It is smaller than an added CNode
    /// because the kernel visits every slot of a CNode when it deletes one, free or not (about 230 instructions a slot,
    /// docs/performance.md), and most processes need few slots; one that needs more gets 256 at a time.
    /// </summary>
    public const int FirstCNodeSlots = 64;

    /// <summary>log2 of <see cref="FirstCNodeSlots"/>.</summary>
    public const int FirstCNodeSizeBits = 6;

    /// <summary>Slots in CNode <paramref name="cnode"/> of the app's CSpace.</summary>
    public static int SlotsIn(int cnode) => cnode == 0 ? FirstCNodeSlots : CNodeSlots;

    /// <summary>log2 of <see cref="SlotsIn"/>.</summary>
    public static int SizeBitsOf(int cnode) => cnode == 0 ? FirstCNodeSizeBits : CNodeSizeBits;

    /// <summary>log2 of the slots of the CSpace's top level (bits 63-61 of a cptr pick its slot).</summary>
    public const int TopBits = 3;

    /// <summary>log2 of the slots of the CNode directory (bits 60-55 of a cptr pick the CNode).</summary>
    public const int DirectoryBits = 6;

    /// <summary>The most CNodes a process can have: CNode 0 and 63 added (64 + 63 x 256 = 16,192 slots in all).</summary>
    public const int MaxCNodes = 1 << DirectoryBits;

    /// <summary>Where a cptr's CNode number starts: bit 55.</summary>
    public const int CNodeShift = 64 - TopBits - DirectoryBits;

    /// <summary>The cptr of slot <paramref name="slot"/> (0-63 of CNode 0, 0-255 of the others) of CNode <paramref name="cnode"/> (0-63).</summary>
    public static ulong Cptr(int cnode, int slot) => ((ulong)cnode << CNodeShift) | (uint)slot;

    /// <summary>The CNode a cptr of the app's CNodes names (<see cref="Cptr"/>'s first argument).</summary>
    public static int CNodeOf(ulong cptr) => (int)(cptr >> CNodeShift);

    /// <summary>The slot a cptr of the app's CNodes names in its CNode (<see cref="Cptr"/>'s second argument).</summary>
    public static int SlotOf(ulong cptr) => (int)(cptr & (CNodeSlots - 1));

    /// <summary>
    /// True when <paramref name="cptr"/> names a slot of one of the app's CNodes (the guard bits between are 0, and a
    /// slot of CNode 0 is below <see cref="FirstCNodeSlots"/>).
    /// </summary>
    public static bool IsAppCptr(ulong cptr) =>
        (cptr & ~(((ulong)(MaxCNodes - 1) << CNodeShift) | (CNodeSlots - 1))) == 0 && (CNodeOf(cptr) != 0 || cptr < FirstCNodeSlots);
}

/// <summary>
/// The start-info page at <see cref="ProcessAbi.StartInfoVaddr"/> (little-endian u64s). The args blob follows at
/// offset <see cref="ProcessAbi.ArgsOffset"/>: <see cref="ArgCount"/> NUL-terminated ASCII strings, one after
/// another, <see cref="ArgBytes"/> bytes in all (at most <see cref="ProcessAbi.MaxArgBytes"/>); arg 0 is the app's name.
/// The page is shared with the root task: read it with volatile loads.
/// </summary>
public struct StartInfo
{
    /// <summary>Offset 0: <see cref="ProcessAbi.StartInfoMagic"/>.</summary>
    public ulong Magic;

    /// <summary>Offset 8: this process's id.</summary>
    public ulong Pid;

    /// <summary>Offset 16: the IPC buffer's address (<see cref="ProcessAbi.IpcBufferVaddr"/>).</summary>
    public ulong IpcBuffer;

    /// <summary>Offset 24: cptr of the endpoint to the root task (<see cref="CapSlots.RootEndpoint"/>).</summary>
    public ulong RootEndpoint;

    /// <summary>Offset 32: 0 (an app has no capability to its own TCB; see <see cref="CapSlots.SelfTcb"/>).</summary>
    public ulong SelfTcb;

    /// <summary>Offset 40: cptr of the app's notification (<see cref="CapSlots.Notification"/>).</summary>
    public ulong Notification;

    /// <summary>Offset 48: number of args, including arg 0 (the app's name).</summary>
    public ulong ArgCount;

    /// <summary>Offset 56: length of the args blob in bytes (every string with its NUL).</summary>
    public ulong ArgBytes;

    // Offset 64: the args blob (ProcessAbi.ArgsOffset); offset 3072: the device-memory grants
    // (ProcessAbi.StartInfoDeviceOffset); offset 3200: the DMA grant (ProcessAbi.StartInfoDmaOffset).
}

/// <summary>
/// Requests to the root task: <c>Endpoint(CapSlots.RootEndpoint).Call</c> with this label. Byte strings are packed
/// little-endian, 8 bytes per MR (<see cref="ProcessAbi.PackedWords"/>). The reply label is a <see cref="RootError"/>.
/// </summary>
public enum RootRequest : ulong
{
    /// <summary>MR0 = byte count n (at most <see cref="ProcessAbi.MaxPrintBytes"/>), bytes from MR1; length 1 + ceil(n/8).</summary>
    Print = 1,

    /// <summary>MR0 = exit code (a sign-extended long). The root task never replies.</summary>
    Exit = 2,

    /// <summary>
    /// <see cref="IRootTask.Spawn"/>: the name (its byte count, then the bytes packed), the args blob (likewise: the args
    /// after arg 0, each NUL-terminated; the root task adds the name as arg 0), then the quota's word count (0 or
    /// <see cref="ProcessQuota.Words"/>) and its words. Reply MR0 = pid.
    /// </summary>
    Spawn = 3,

    /// <summary>MR0 = pid; waits until that process exits. Reply MR0 = its exit code.</summary>
    Wait = 4,

    /// <summary>MR0 = pid; ends that process.</summary>
    Kill = 5,

    /// <summary>
    /// MR0 = number of 4 KiB pages (1 to <see cref="ProcessAbi.HeapRegionPages"/>); the root task maps zeroed pages in the
    /// caller's heap region (the lowest free range of it that fits). Reply MR0 = their vaddr. The frames and the page
    /// tables they need are charged to the caller's quota (4 KiB of memory and one slot each), checked before any is
    /// made: <see cref="RootError.QuotaMemory"/> or <see cref="RootError.QuotaSlots"/> when it cannot hold them.
    /// </summary>
    Alloc = 6,

    /// <summary>Reply MR0 = the caller's pid.</summary>
    GetPid = 7,

    /// <summary>
    /// MR0 = vaddr, MR1 = number of pages (<see cref="IRootTask.Free"/>): gives back exactly the pages of one earlier
    /// <see cref="Alloc"/> of the caller (the same vaddr and count). They are unmapped and count against the quota no more.
    /// </summary>
    Free = 8,

    /// <summary>
    /// The process's last words (<see cref="IRootTask.Panic"/>): the failure's code address, for an uncaught
    /// exception its type and callers, and a text of at most <see cref="ProcessAbi.MaxPanicBytes"/>. The root task never
    /// replies: it prints one FAULT report and ends the process with <see cref="ExitCodes.UncaughtException"/> (an
    /// exception) or <see cref="ExitCodes.Panicked"/>. libsmos sends it when the app panics or an exception is uncaught.
    /// </summary>
    Panic = 9,

    /// <summary>Connection server requests: see <see cref="ConnectionAbi"/> and docs/protocol.md.</summary>
    ConnPublish = 10,

    /// <inheritdoc cref="ConnPublish"/>
    ConnOpen = 11,

    /// <inheritdoc cref="ConnPublish"/>
    ConnClose = 12,

    /// <inheritdoc cref="ConnPublish"/>
    ConnDestroy = 13,

    /// <inheritdoc cref="ConnPublish"/>
    ConnShare = 14,

    /// <inheritdoc cref="ConnPublish"/>
    ConnNotify = 15,

    /// <summary>Notification broker requests: see <see cref="BrokerAbi"/> and docs/protocol.md.</summary>
    Subscribe = 20,

    /// <inheritdoc cref="Subscribe"/>
    Unsubscribe = 21,

    /// <inheritdoc cref="Subscribe"/>
    PublishTopic = 22,

    /// <inheritdoc cref="Subscribe"/>
    ReadTopic = 23,

    /// <summary>
    /// A topic's handle (<see cref="IRootTask.OpenTopic"/>): the name as Subscribe's. The topic is made (held by the
    /// caller) when new, as PublishTopic makes it. Reply MR0 = the handle, a word that names the topic in
    /// <see cref="PublishHandle"/> (<see cref="BrokerAbi"/>).
    /// </summary>
    OpenTopic = 24,

    /// <summary>
    /// PublishTopic by handle (<see cref="IRootTask.PublishHandle"/>): MR0 = the handle from OpenTopic, MR1 = the value.
    /// Reply MR0 = subscribers signalled. BadHandle when no topic has that handle (any more).
    /// </summary>
    PublishHandle = 25,

    /// <summary>
    /// The process list (a <c>ps</c>; <see cref="IRootTask.ListProcesses"/>): MR0 = the lowest pid to list. Reply: MR0 =
    /// the page's words, then the page (<see cref="ListProcessesRequest"/>): the pid to ask for next (0: no more), the
    /// entries (at most <see cref="ListProcessesRequest.MaxEntries"/>), then each entry's words: pid, parent, state,
    /// name, quota, usage and what it gave its children.
    /// </summary>
    ListProcesses = 30,

    /// <summary>
    /// Memory objects (<see cref="MemoryObjectAbi"/>, docs/protocol.md "Memory objects"): MR0 = pages; reply MR0 =
    /// pages and one cap, a read-write handle (layout: <see cref="IRootTask.MemCreate"/>).
    /// </summary>
    MemCreate = 40,

    /// <summary>A handle attached; MR0 = rights: reply one cap, a handle with those rights (<see cref="IRootTask.MemHandle"/>).</summary>
    MemHandle = 41,

    /// <summary>A handle attached; MR0 = vaddr, MR1 = rights: maps the object there (<see cref="IRootTask.MemMap"/>).</summary>
    MemMap = 42,

    /// <summary>MR0 = the address of one of the caller's mappings: unmaps it (<see cref="IRootTask.MemUnmap"/>).</summary>
    MemUnmap = 43,

    /// <summary>A handle attached, from the creator: it no longer holds the object open (<see cref="IRootTask.MemClose"/>).</summary>
    MemClose = 44,

    /// <summary>
    /// The whole system's figures (a <c>free</c>; <see cref="IRootTask.SystemStatus"/>): MR0 = flags
    /// (<see cref="StatusFlags"/>). Reply: 13 words, <see cref="SystemStatus"/>: the root task's untyped memory,
    /// CSpace and heap, and how many processes, connections, publications, topics, subscriptions and memory objects exist.
    /// </summary>
    SystemStatus = 45,

    /// <summary>
    /// Adds a CNode of <see cref="CapSlots.CNodeSlots"/> slots to the caller's CSpace (layout: <see cref="CSpaceGrowRequest"/>,
    /// no words). Reply MR0 = the cptr of its slot 0 (<see cref="CapSlots.Cptr"/>(k, 0) for the new CNode k). It is charged
    /// to the caller's memory quota (its 8 KiB) and slot quota (its 256 slots and the root slot holding it), the first
    /// one also for the CNode directory it makes (2 KiB and a root slot):
    /// QuotaMemory / QuotaSlots when they have no room, ProcessLimit when the caller has <see cref="CapSlots.MaxCNodes"/>.
    /// </summary>
    CSpaceGrow = 46,
    /// <summary>
    /// From the console server only (an init-list line with the grant word <c>log</c>), no words: the root task maps its
    /// output ring at <see cref="ConsoleAbi.RingVaddr"/> in the caller and from then on puts everything it prints (its
    /// own lines and every app's Print, marked) there, signalling the caller's notification with
    /// <see cref="ConnectionAbi.DoorbellBadge"/>; until then, and after the console server ends, it writes the UART
    /// itself. NotPermitted for any other process or while another console is attached.
    /// </summary>
    ConsoleAttach = 47,
    /// <summary>
    /// From a process the init list started (the shell), no words: the root task prints the result line
    /// <c>SMOS-POWEROFF</c> (buildsys then stops QEMU) and stops serving. It never replies. NotPermitted for others.
    /// </summary>
    PowerOff = 48,
    /// <summary>The apps in the boot archive (an <c>ls</c>; <see cref="IRootTask.ListApps"/>): the page's layout <see cref="ListAppsRequest"/>.</summary>
    ListApps = 49,

    /// <summary>
    /// A Spawn whose child gets device grants (<see cref="IRootTask.SpawnGranted"/>): only from a process whose init
    /// line gave it <c>may:grant=GRANTS</c>, and only within GRANTS (NotPermitted otherwise, with a line naming the
    /// grant); then as an init-list line's grants: DeviceTaken or InterruptTaken when another process owns it.
    /// </summary>
    SpawnGranted = 50,

    /// <summary>
    /// The bytes of an app in the boot archive (for a read-only <c>/boot</c>; <see cref="IRootTask.ReadApp"/>): MR0 = byte
    /// offset, MR1 = name length, the name from MR2. Reply: MR0 = the page's words, then the page: the app's size, k bytes
    /// (at most <see cref="ReadAppRequest.MaxBytes"/>), the bytes (layout: <see cref="ReadAppRequest"/>). Any process may
    /// read; NoSuchApp for a name ListApps does not list, BadArgument for an offset past the end.
    /// </summary>
    ReadApp = 51,
}

/// <summary>The reply label of every root-task request.</summary>
public enum RootError : ulong
{
    /// <summary>Done.</summary>
    Ok = 0,
    /// <summary>The label is not a request.</summary>
    UnknownRequest = 1,
    /// <summary>The message length does not match the request's arguments.</summary>
    BadLength = 2,
    /// <summary>Spawn, ReadApp: the boot image has no app of that name.</summary>
    NoSuchApp = 3,
    /// <summary>
    /// The root task has no memory for the request (its untyped memory or its own heap), or (Alloc) no free range of the
    /// heap region is large enough. The caller's own bounds are its quotas (<see cref="QuotaMemory"/>, ...).
    /// </summary>
    NoMemory = 4,
    /// <summary>No process has that pid.</summary>
    NoSuchProcess = 5,
    /// <summary>The caller may not do this.</summary>
    NotPermitted = 6,
    /// <summary>An argument is out of range, or the message carried capabilities.</summary>
    BadArgument = 7,
    /// <summary>
    /// Spawn: no pid is left (2^48 - 1 over the root task's life) or the root task's heap cannot hold one more process
    /// record. A caller's own bound on processes is its child-process quota (<see cref="QuotaChildren"/>).
    /// </summary>
    TooManyProcesses = 8,
    /// <summary>Another server has published this name.</summary>
    NameTaken = 9,
    /// <summary>Nothing is published under this name.</summary>
    NoSuchName = 10,
    /// <summary>The buffer address is unaligned, out of range or overlaps a mapping.</summary>
    BadAddress = 11,
    /// <summary>
    /// A limit every process shares was reached: the root task's tables grow with demand, but publications held at once
    /// (65,536), connection ids (2^60 - 1 over the root task's life) and the root task's capability slots are bounded
    /// (docs/architecture.md, "Tables and their limits"). The caller's own limits are <see cref="ProcessLimit"/>.
    /// </summary>
    TooManyConnections = 12,
    /// <summary>Not a live handle owned by the caller; PublishHandle: no topic has that handle (any more).</summary>
    BadHandle = 13,
    /// <summary>The name is empty, too long or has invalid characters.</summary>
    BadName = 14,
    /// <summary>
    /// The caller already holds its own maximum of what it asked for: <see cref="BrokerAbi.MaxSubscriptionsPerProcess"/>
    /// or (CSpaceGrow) <see cref="CapSlots.MaxCNodes"/> CNodes. Other processes are not affected; freeing one of its own
    /// lets it go on.
    /// </summary>
    ProcessLimit = 15,
    /// <summary>
    /// ConnShare: the connection's server already holds <see cref="ConnectionAbi.MaxSharedPagesPerServer"/> shared pages
    /// (of live connections, or of closed ones it has not yet acknowledged).
    /// </summary>
    ServerLimit = 16,
    /// <summary>The memory quota (bytes of untyped memory used on the process's behalf) has no room for this.</summary>
    QuotaMemory = 17,
    /// <summary>The slot quota (root-task capability slots holding the process's objects) has no room for this.</summary>
    QuotaSlots = 18,
    /// <summary>Spawn: the child-process quota (processes below the caller, zombies included) is used up.</summary>
    QuotaChildren = 19,
    /// <summary>ConnOpen: the connection quota is used up.</summary>
    QuotaConnections = 20,
    /// <summary>ConnPublish: the publication quota is used up.</summary>
    QuotaPublications = 21,
    /// <summary>Subscribe: the subscription quota is used up.</summary>
    QuotaSubscriptions = 22,
    /// <summary>
    /// A memory-object request carried no live handle: none was attached, or the object was destroyed and the root task
    /// revoked its handles (a revoked copy is an empty slot, which the kernel does not send).
    /// </summary>
    NoMemoryObject = 23,
    /// <summary>MemMap read-write or MemHandle read-write with a read-only handle.</summary>
    ReadOnlyHandle = 24,
    /// <summary>
    /// A start with an interrupt grant (an init-list line's <c>irq:N</c>) for an interrupt another process owns: one owner
    /// per interrupt, until that process ends.
    /// </summary>
    InterruptTaken = 25,
    /// <summary>
    /// A start with a device-memory grant (an init-list line's <c>mmio:0xPADDR</c>) for a device page another process
    /// owns: one owner per device page, until that process ends.
    /// </summary>
    DeviceTaken = 26,
    /// <summary>
    /// Print: the console server has not yet taken enough of the earlier output to fit this text; nothing of it was
    /// written. libsmos waits a moment and sends it again (output is never lost or cut).
    /// </summary>
    OutputBusy = 27,
}
