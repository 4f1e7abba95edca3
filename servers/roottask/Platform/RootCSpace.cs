// Gives the root task a two-level CSpace at boot: a new top-level CNode over the boot CNode, so its slots can grow.
using Internal.Runtime;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Platform;

/// <summary>
/// The kernel starts the root task in one CNode of 2^12 slots (its CSpace root, slot 2, guard 52). <see cref="Build"/>
/// retypes a top-level CNode, puts a copy of the boot CNode in its slot 0 (guard 0), makes it the thread's CSpace root
/// with a guard of 64 - 12 - <see cref="TopBits"/> zero bits and then moves it into slot 2 (the boot CNode's own
/// capability moves to a free slot): every cptr below 2^12 still names the same slot, and cptr (n &lt;&lt; 12) | i names slot
/// i of the second-level CNode in top-level slot n (docs/architecture.md, "The root task's CSpace").
/// </summary>
internal static class RootCSpace
{
    /// <summary>Bytes each slot stands for at least: the slot (32) and the smallest object (16).</summary>
    private const ulong BytesPerSlot = 48;

    /// <summary>log2 of the top-level CNode's slots, chosen at <see cref="Build"/>; 0 before.</summary>
    public static int TopBits { get; private set; }

    /// <summary>
    /// The slot holding the boot CNode's own capability (guard 64 - <see cref="BootBits"/>: a one-level CSpace in which
    /// cptrs below 2^<see cref="BootBits"/> name the same slots as in the two-level one); None before <see cref="Build"/>.
    /// </summary>
    public static RootSlot BootCNode { get; private set; }

    /// <summary>log2 of the boot CNode's slots, set with <see cref="BootCNode"/>.</summary>
    public static int BootBits { get; private set; }

    /// <summary>
    /// Builds the two levels and lets <paramref name="slots"/> grow; null on success, else what failed (the CSpace is then
    /// still the boot CNode alone, which keeps working, only without growth).
    /// </summary>
    public static string? Build(Sel4Kernel kernel, UntypedManager untyped, SlotAllocator slots)
    {
        int nodeBits = slots.NodeBits;
        int topBits = ChooseTopBits(untyped.FreeBytes, nodeBits);
        ulong guardBits = (ulong)(64 - nodeBits - topBits); // CNode cap data: guard size in bits 5..0, guard (0) above
        if (untyped.Allocate(ObjectType.CNode, topBits, out Allocation top) != Sel4Error.NoError)
        {
            return "no memory for the top-level CNode";
        }

        RootSlot topSlot = top.FirstSlot;
        var boot = CNode.InitThread; // the boot CNode (guard 52) until the end
        if (!new CNode(topSlot.Index, topBits).Mint(0, boot, InitialCaps.InitThreadCNode, CapRights.All, 0).IsOk ||
            !slots.TryAlloc(out RootSlot guarded))
        {
            untyped.Free(top);
            return "could not put the boot CNode into the top-level CNode";
        }

        if (!boot.Mint(guarded.Index, boot, topSlot.Index, CapRights.All, guardBits).IsOk ||
            !new Tcb(InitialCaps.InitThreadTcb).SetSpace(0, new CNode(guarded.Index, 64), 0, InitialCaps.InitThreadVSpace, 0).IsOk)
        {
            boot.Delete(guarded.Index);
            slots.Free(guarded);
            untyped.Free(top);
            return "TCB_SetSpace to the top-level CNode failed";
        }

        // The thread now resolves cptrs through the top level; slot 2 becomes the top-level CNode (guarded) as well.
        var root = new CNode(guarded.Index, 64);
        if (!slots.TryAlloc(out RootSlot bootCap) || !root.Move(bootCap.Index, root, InitialCaps.InitThreadCNode).IsOk)
        {
            return "could not move the boot CNode's capability out of slot 2";
        }

        var bootCNode = new CNode(bootCap.Index, 64);
        if (!bootCNode.Move(InitialCaps.InitThreadCNode, bootCNode, guarded.Index).IsOk)
        {
            root.Move(InitialCaps.InitThreadCNode, root, bootCap.Index);
            return "could not move the top-level CNode into slot 2";
        }

        slots.Free(guarded);
        BootCNode = bootCap;
        BootBits = nodeBits;
        kernel.UseTwoLevels(nodeBits);
        slots.EnableGrowth(topBits);
        TopBits = topBits;
        return null;
    }

    /// <summary>Prints the CSpace's shape: "  root CSpace:    top-level CNode 2^T slots, CNodes of 2^N slots, up to S slots".</summary>
    public static void Print(SlotAllocator slots)
    {
        DebugConsole.Write("  root CSpace:     ");
        if (TopBits == 0)
        {
            DebugConsole.WriteLine("the boot CNode only (it does not grow)");
            return;
        }

        DebugConsole.Write("top-level CNode of ");
        DebugConsole.WriteDecimal(1UL << TopBits);
        DebugConsole.Write(" slots over CNodes of ");
        DebugConsole.WriteDecimal(1UL << slots.NodeBits);
        DebugConsole.Write(" (the boot CNode and those added), up to ");
        DebugConsole.WriteDecimal((ulong)slots.MaxNodes << slots.NodeBits);
        DebugConsole.WriteLine(" slots");
    }

    // Room in the top level for as many slots as the RAM could hold (a slot and the smallest object each), from 2^1 to 2^20 CNodes.
    private static int ChooseTopBits(ulong ramBytes, int nodeBits)
    {
        ulong nodes = ramBytes / BytesPerSlot >> nodeBits;
        int bits = 1;
        while (bits < 20 && bits + nodeBits < 32 && (1UL << bits) < nodes)
        {
            bits++;
        }

        return bits;
    }
}
