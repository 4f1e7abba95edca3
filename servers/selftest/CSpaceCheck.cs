// SMOS-CSPACE: the root task's CSpace grows far past the boot CNode's 4,096 slots, every slot works, and all come back.
using System;
using Internal.Runtime;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.SelfTest;

/// <summary>
/// Holds <see cref="Copies"/> badged endpoint copies (RootSlots.MintNew: CNode_Mint), <see cref="Objects"/> notifications
/// (one Untyped_Retype each) and <see cref="Runs"/> runs of <see cref="RunLength"/> frames (multi-object retypes) at once:
/// more than three times the boot CNode. The kernel must identify every slot as the object it holds. Then everything is given
/// back. The first pass grows the CSpace (its second-level CNodes are kept); the second must end with exactly the free
/// slots and free untyped bytes it started with.
/// </summary>
internal static class CSpaceCheck
{
    public const int Copies = 12_000;
    public const int Objects = 1_000;
    public const int Runs = 8;
    public const int RunLength = 64;

    public static void Run(RootResources res)
    {
        // The arrays first: the heap growth they may cause is not part of what is measured.
        var copies = new RootSlot[Copies];
        var objects = new Allocation[Objects + Runs];
        string? failure = Pass(res, copies, objects, judged: false) ?? Pass(res, copies, objects, judged: true);
        if (failure is null)
        {
            ResultLine.Pass("CSPACE");
        }
        else
        {
            ResultLine.Fail("CSPACE", failure);
        }
    }

    private static string? Pass(RootResources res, RootSlot[] copies, Allocation[] objects, bool judged)
    {
        UntypedManager untyped = res.Untyped;
        RootSlots slots = res.Slots;
        // The untyped manager merges free buddies lazily: compare merged states, in which every split block still held
        // (a leak) keeps its slots.
        untyped.Coalesce();
        ulong bytesBefore = untyped.FreeBytes;
        int freeBefore = slots.FreeCount;
        if (untyped.Allocate(ObjectType.Endpoint, 0, out Allocation endpoint) != Sel4Error.NoError)
        {
            return "no endpoint";
        }

        string? failure = null;
        int held = 0;
        int made = 0;
        ulong highest = 0;
        for (; held < Copies && failure is null; held++)
        {
            if (slots.MintNew(endpoint.FirstSlot, CapRights.All, (ulong)held + 1, out copies[held]) != Sel4Error.NoError)
            {
                failure = "a badged copy found no slot";
                break;
            }

            highest = copies[held].Index > highest ? copies[held].Index : highest;
        }

        for (; made < Objects + Runs && failure is null; made++)
        {
            Sel4Error e = made < Objects ? untyped.Allocate(ObjectType.Notification, 0, out objects[made]) :
                untyped.AllocateMany(ObjectType.SmallPage, 0, RunLength, out objects[made]);
            if (e != Sel4Error.NoError)
            {
                failure = "an object found no slot or memory";
                break;
            }

            RootSlot last = objects[made].Slot(objects[made].Count - 1);
            highest = last.Index > highest ? last.Index : highest;
        }

        int used = slots.Capacity - slots.FreeCount;
        int nodes = slots.Nodes;
        int capacity = slots.Capacity;
        failure ??= Identify(copies, held, objects, made);
        for (int i = 0; i < held; i++)
        {
            slots.Release(ref copies[i]);
        }

        for (int i = 0; i < made; i++)
        {
            failure = untyped.Free(objects[i]) != Sel4Error.NoError ? "an object could not be freed" : failure;
        }

        failure = untyped.Free(endpoint) != Sel4Error.NoError ? "the endpoint could not be freed" : failure;
        failure = untyped.Coalesce() != Sel4Error.NoError ? "free blocks could not be merged" : failure;
        DebugConsole.Write(judged ? "  cspace (judged): " : "  cspace (grows):  ");
        DebugConsole.WriteDecimal((ulong)held);
        DebugConsole.Write(" badged copies, ");
        DebugConsole.WriteDecimal((ulong)made);
        DebugConsole.Write(" retypes at once: ");
        DebugConsole.WriteDecimal((ulong)used);
        DebugConsole.Write(" of ");
        DebugConsole.WriteDecimal((ulong)capacity);
        DebugConsole.Write(" root slots used in ");
        DebugConsole.WriteDecimal((ulong)nodes);
        DebugConsole.Write(" CNodes, highest cptr ");
        DebugConsole.WriteDecimal(highest);
        DebugConsole.Write("; free slots before=");
        DebugConsole.WriteDecimal((ulong)freeBefore);
        DebugConsole.Write(" after=");
        DebugConsole.WriteDecimal((ulong)slots.FreeCount);
        DebugConsole.Write(", free untyped bytes before=");
        DebugConsole.WriteDecimal(bytesBefore);
        DebugConsole.Write(" after=");
        DebugConsole.WriteDecimal(untyped.FreeBytes);
        DebugConsole.WriteChar('\n');
        if (failure is null && highest < 3 * 4096)
        {
            failure = "the slots did not go past three boot CNodes";
        }

        if (failure is null && judged && (slots.FreeCount != freeBefore || untyped.FreeBytes != bytesBefore))
        {
            failure = "slots or memory were not all returned";
        }

        return failure;
    }

    // The kernel's view of every slot taken: the copies are endpoints, the objects notifications or (frames) not empty.
    private static string? Identify(RootSlot[] copies, int held, Allocation[] objects, int made)
    {
        for (int i = 0; i < held; i++)
        {
            if (Debug.IdentifyCap(copies[i].Index) != CapTag.Endpoint)
            {
                return "a badged copy is not an endpoint where the root task put it";
            }
        }

        for (int i = 0; i < made; i++)
        {
            for (int k = 0; k < objects[i].Count; k++)
            {
                CapTag tag = Debug.IdentifyCap(objects[i].Slot(k).Index);
                if (i < Objects ? tag != CapTag.Notification : tag == CapTag.Null)
                {
                    return "a retyped object is not where the root task put it";
                }
            }
        }

        return null;
    }
}
