// Test set-up for the servers' request paths: the process server over a simulated kernel, and a way to send it messages.
using System;
using System.Collections.Generic;
using System.Text;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Front;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;
using Xunit;

using static Smos.RootTask.Tests.TestSlots;

namespace Smos.RootTask.Tests;

/// <summary>What the root task answered: whether it replied, the reply label as an error, MR0 and the capability slot.</summary>
public sealed record Outcome(bool Replied, RootError Error, ulong Value, ulong CapSlot, ulong[]? Words = null)
{
    /// <summary>The reply's words (MR0 onwards): more than one for ListProcesses.</summary>
    public ulong[] ReplyWords => Words ?? new[] { Value };

    /// <summary>
    /// The page of a paged reply (ListProcesses, ListApps, ReadApp): the words after its count word, which
    /// RootTaskProtocol's reply decoder checks (null when it refuses them).
    /// </summary>
    public ulong[]? Page => RootTaskProtocol.DecodeListAppsReply(ReplyWords, out System.ReadOnlySpan<ulong> page) ? page.ToArray() : null;
}

/// <summary>
/// The root task's process server exactly as the root task builds it (RootServices.Create), over the recorded boot's
/// untypeds in a <see cref="SimulatedKernel"/>, with an apps archive of test ELFs: "hello", "server" and "client"
/// (the same AArch64 executable), an init list and one demo list.
/// </summary>
internal sealed unsafe class ServerWorld
{
    public const int UntypedBlocks = UntypedManager.RootTaskBlocks; // as the root task

    private readonly byte[] _archive;

    /// <summary>A world whose archive holds hello, server and client (the test ELF), and <paramref name="extraApps"/>.</summary>
    public ServerWorld(params (string Name, byte[] Elf)[] extraApps)
        : this(false, extraApps)
    {
    }

    /// <summary>
    /// As above; with <paramref name="imageFrames"/> the archive is page-aligned as buildsys writes it (each ELF on a page)
    /// in page-aligned memory, and a frame capability per page of it sits in the recorded boot's userImageFrames slots
    /// (<see cref="ImageFrames"/>), as the root task's image frames hold the real archive: spawns map read-only pages from them.
    /// </summary>
    public ServerWorld(bool imageFrames, params (string Name, byte[] Elf)[] extraApps)
    {
        Boot = new BootWorld(UntypedBlocks);
        Kernel.AddRootTaskCaps();
        Boot.Slots.EnableGrowth(13); // as RootCSpace on 1 GiB: the CSpace grows a CNode at a time
        Resources = new RootResources(Kernel, Boot.Manager, Boot.Slots, new ResourceGrowth(Kernel, Boot.Slots, Boot.Manager));
        Elf = ElfFixtures.Get(0).Image;
        var cpio = new CpioWriter();
        int alignment = imageFrames ? (int)ProcessAbi.PageSize : 4;
        cpio.AddAligned("hello", Elf, alignment);
        cpio.AddAligned("server", Elf, alignment);
        cpio.AddAligned("client", Elf, alignment);
        foreach ((string name, byte[] elf) in extraApps)
        {
            cpio.AddAligned(name, elf, alignment);
        }

        cpio.Add("init", "hello\n"u8);
        cpio.Add("demos/pair", "server\nclient\n"u8);
        byte[] bytes = cpio.ToArray();
        if (imageFrames)
        {
            // Page-aligned memory that lives as long as the test process (the view and the frames point into it).
            byte* image = (byte*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)bytes.Length, (nuint)ProcessAbi.PageSize);
            bytes.CopyTo(new Span<byte>(image, bytes.Length));
            _archive = bytes;
            Apps = new AppArchive(image, bytes.Length);
            ulong pages = ((ulong)bytes.Length + ProcessAbi.PageSize - 1) / ProcessAbi.PageSize;
            Assert.True(pages <= RecordedBoot.ImageFrames.Count, "the test archive is larger than the recorded image");
            for (ulong k = 0; k < pages; k++)
            {
                Kernel.AddImageFrame(RecordedBoot.ImageFrames.Start + k);
            }

            Resources.Image = new ImageFrames((ulong)image, new RootSlot(RecordedBoot.ImageFrames.Start), pages);
        }
        else
        {
            _archive = GC.AllocateArray<byte>(bytes.Length, pinned: true);
            bytes.CopyTo(_archive, 0);
            fixed (byte* p = _archive)
            {
                Apps = new AppArchive(p, _archive.Length); // pinned: the pointer stays valid
            }
        }

        Assert.Null(RootServices.Create(Resources, Apps, out RootServices? server));
        Server = server!;
    }

    public BootWorld Boot { get; }

    public SimulatedKernel Kernel => Boot.Kernel;

    public RootResources Resources { get; }

    public AppArchive Apps { get; }

    public RootServices Server { get; }

    public byte[] Elf { get; }

    public RequestDispatcher Dispatcher => Server.Dispatcher;

    /// <summary>
    /// Free untyped bytes, free slots and live capabilities in every CNode, after merging every free buddy pair (the
    /// untyped manager merges lazily; a leaked object keeps its block from merging and its slots taken): all back after a
    /// process is gone.
    /// </summary>
    public (ulong FreeBytes, int FreeSlots, int Caps, int Blocks) Snapshot()
    {
        Assert.Equal(Sel4Error.NoError, Boot.Manager.Coalesce());
        return (Boot.Manager.FreeBytes, Boot.Slots.FreeCount, Kernel.AllLiveCaps, Boot.Manager.BlockCount);
    }

    /// <summary>
    /// The quota <see cref="Start"/> gives (null: the root task's default, <see cref="ProcessQuota.RootDefault"/>, from
    /// its pool); tests that start more processes at once than the pool holds at that size set a smaller one.
    /// </summary>
    public ProcessQuota? StartQuota { get; set; }

    /// <summary>
    /// Has one process (with <see cref="StartQuota"/>) hold its whole memory quota in heap grants and end: the root
    /// task's CSpace grows by the CNodes that takes and keeps them (added CNodes are never given back), so a test that
    /// compares <see cref="Snapshot"/>s around requests that may grant that much is not misled by them.
    /// </summary>
    public void HoldAWholeQuotaOfHeapOnce()
    {
        Process p = Start("hello");
        foreach (ulong pages in new ulong[] { 256, 16, 1 })
        {
            while (Call(p, RootRequest.Alloc, pages).Error == RootError.Ok)
            {
            }
        }

        Assert.False(Call(p, RootRequest.Exit, 0).Replied);
    }

    /// <summary>Starts an app the way the boot script does (parent pid 0).</summary>
    public Process Start(string name, string args = "")
    {
        RootError e = Server.Spawner.Spawn(Encoding.ASCII.GetBytes(name), Encoding.ASCII.GetBytes(args), 0, StartQuota, out Process? p);
        Assert.Equal(RootError.Ok, e);
        return p!;
    }

    /// <summary>Sends a request as <paramref name="caller"/> with exactly these message registers and no capabilities.</summary>
    public Outcome Call(Process caller, RootRequest label, params ulong[] mrs) => Send(Badges.Request(caller.Pid), (ulong)label, 0, mrs.Length, mrs);

    /// <summary>Sends any message: a raw label, extra capabilities and a length that may disagree with the registers given.</summary>
    public Outcome Send(ulong badge, ulong label, int extraCaps, int length, ulong[] mrs)
    {
        Kernel.CurrentCaller = badge & Badges.PidMask;
        bool replied = Dispatcher.Handle(new MessageInfo(label, 0, extraCaps, length), badge, mrs, out RootReply reply);
        Kernel.CurrentCaller = 0;
        return new Outcome(replied, reply.Error, reply.Value, reply.CapSlot.Index, reply.Length > 1 ? Dispatcher.ReplyWords.ToArray() : null);
    }

    /// <summary>A message whose one extra capability the kernel unwrapped into <paramref name="unwrapped"/> (a capability to the root endpoint: a memory-object handle).</summary>
    public Outcome Send(ulong badge, ulong label, int extraCaps, int length, ulong[] mrs, ulong unwrapped)
    {
        Kernel.CurrentCaller = badge & Badges.PidMask;
        bool replied = Dispatcher.Handle(new MessageInfo(label, 1, extraCaps, length), badge, mrs, unwrapped, out RootReply reply);
        Kernel.CurrentCaller = 0;
        return new Outcome(replied, reply.Error, reply.Value, reply.CapSlot.Index, reply.Length > 1 ? Dispatcher.ReplyWords.ToArray() : null);
    }

    /// <summary>
    /// A request with a name, encoded by the protocol's codec: no header (ConnOpen, Subscribe, Unsubscribe, ReadTopic) or
    /// one header word (ConnPublish's buffer address, PublishTopic's value). Names are not checked: tests send bad ones.
    /// </summary>
    public static ulong[] Named(string name, params ulong[] header)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(name);
        var mrs = new ulong[ProcessAbi.MaxMessageRegisters];
        int length = header.Length switch
        {
            0 => RootTaskProtocol.EncodeConnOpen(bytes, mrs),
            1 => RootTaskProtocol.EncodeConnPublish(header[0], bytes, mrs),
            _ => throw new ArgumentException("name requests have at most one header word", nameof(header)),
        };
        return mrs[..length];
    }

    /// <summary>Bytes packed little-endian, 8 per word (the codec's <see cref="WireBytes"/>).</summary>
    public static ulong[] Pack(byte[] bytes)
    {
        var words = new ulong[WireBytes.Words(bytes.Length)];
        WireBytes.Pack(bytes, words);
        return words;
    }

    /// <summary>Spawn's registers, encoded by the protocol's codec.</summary>
    public static ulong[] SpawnWords(string name, string args)
    {
        var mrs = new ulong[ProcessAbi.MaxMessageRegisters];
        int length = RootTaskProtocol.EncodeSpawn(Encoding.ASCII.GetBytes(name), Encoding.ASCII.GetBytes(args), [], mrs);
        return length < 0 ? throw new ArgumentException("name and args do not fit one message", nameof(args)) : mrs[..length];
    }

    /// <summary>A Spawn request naming the child's quota.</summary>
    public static ulong[] SpawnWords(string name, string args, ProcessQuota quota)
    {
        var mrs = new ulong[ProcessAbi.MaxMessageRegisters];
        var q = new ulong[ProcessQuota.Words];
        quota.Encode(q);
        int length = RootTaskProtocol.EncodeSpawn(Encoding.ASCII.GetBytes(name), Encoding.ASCII.GetBytes(args), q, mrs);
        return length < 0 ? throw new ArgumentException("name and args do not fit one message", nameof(args)) : mrs[..length];
    }

    /// <summary>The frame mapped at <paramref name="vaddr"/> in <paramref name="p"/>'s address space.</summary>
    public SimCap? PageOf(Process p, ulong vaddr) => Kernel.PageAt(p.VSpaceSlot, vaddr);

    /// <summary>The capability at <paramref name="cptr"/> of <paramref name="p"/>'s CSpace (a slot of CNode 0 or of a CNode CSpaceGrow added).</summary>
    public SimCap? CapOf(Process p, ulong cptr)
    {
        RootSlot cnode = CNodeOf(p, cptr);
        return cnode.IsNone ? null : Kernel.CapIn(cnode, InProcess((ulong)CapSlots.SlotOf(cptr)));
    }

    /// <summary>
    /// The root slot of the CNode that holds <paramref name="cptr"/> in <paramref name="p"/>'s CSpace (CapSlots.Cptr):
    /// CNode 0, or the original of the CNode in its directory's slot; None when the cptr names no CNode of the app.
    /// </summary>
    public RootSlot CNodeOf(Process p, ulong cptr)
    {
        if (!CapSlots.IsAppCptr(cptr))
        {
            return RootSlot.None;
        }

        int k = CapSlots.CNodeOf(cptr);
        SimCap? entry = k == 0 ? null : Kernel.CapIn(p.DirectorySlot, InProcess((ulong)k));
        return k == 0 ? p.CNodeSlot : entry?.Parent is { } original ? Root(original.Slot) : RootSlot.None;
    }

    public Process? Find(ulong pid) => Server.Table.Find(pid);
}
