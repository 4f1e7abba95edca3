// This process's free capability slots: a bitmap over every CNode of its CSpace, which grows a CNode at a time (CSpaceGrow).
using System;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// The capability slots of this process (docs/architecture.md, "Capabilities of a process"): slots
/// <see cref="CapSlots.FirstFree"/> to 63 of CNode 0, made at spawn (<see cref="CapSlots.FirstCNodeSlots"/>), and every
/// slot of the CNodes added since. When every slot is taken, <see cref="Alloc"/> asks the root task for one more CNode of 256 slots (<see cref="RootRequest.CSpaceGrow"/>,
/// charged to the process's memory and slot quotas), so a process has as many slots as its quotas allow, up to
/// <see cref="CapSlots.MaxCNodes"/> CNodes. A slot is a cptr (<see cref="CapSlots.Cptr"/>): use it with
/// <see cref="CapSlots.SelfCNode"/> at depth 64, as a receive slot or in a CNode invocation. Taking and freeing a slot
/// does not allocate; only the bitmap's growth with a new CNode does (its array doubles). Every added CNode is returned
/// when the process ends.
/// </summary>
public static class CapSpace
{
    private const int WordsPerCNode = CapSlots.CNodeSlots / 64; // the bitmap gives CNode 0 as many words, past its slots all taken
    private const int WordsOfCNode0 = CapSlots.FirstCNodeSlots / 64;

    /// <summary>CNodes this process holds (1 at start).</summary>
    public static int CNodes => Count(AppState.HeldCNodes);

    /// <summary>Slots taken with <see cref="Alloc"/> or <see cref="TryAlloc"/> and not freed.</summary>
    public static int Taken => AppState.SlotsTaken;

    /// <summary>Slots of the CNodes held that are this process's to take (the well-known slots left out).</summary>
    public static int Capacity => ((CNodes - 1) * CapSlots.CNodeSlots) + CapSlots.FirstCNodeSlots - (int)CapSlots.FirstFree;

    /// <summary>Takes a free slot for a capability this process is about to receive; false when none is left.</summary>
    public static bool TryAlloc(out ulong slot) => Alloc(out slot) == RootError.Ok;

    /// <summary>
    /// Takes a free slot, adding a CNode when every slot is taken. Ok, or the error of the CNode refused:
    /// <see cref="RootError.QuotaSlots"/> or <see cref="RootError.QuotaMemory"/> (the quota is used up),
    /// <see cref="RootError.ProcessLimit"/> (<see cref="CapSlots.MaxCNodes"/> CNodes held), NoMemory.
    /// </summary>
    /// <example><code>
    /// RootError e = CapSpace.Alloc(out ulong slot);
    /// if (e != RootError.Ok) { Console.WriteLine(Process.Describe(e)); return 1; } // e.g. "the slot quota (512) is used up"
    /// </code></example>
    public static RootError Alloc(out ulong slot)
    {
        if (Take(out slot))
        {
            return RootError.Ok;
        }

        RootError e = Grow(out _);
        return e != RootError.Ok ? e : Take(out slot) ? RootError.Ok : RootError.ProcessLimit;
    }

    /// <summary>
    /// Adds a CNode of <see cref="CapSlots.CNodeSlots"/> slots to this process's CSpace now (CSpaceGrow);
    /// <paramref name="first"/> is the cptr of its slot 0. The errors are <see cref="Alloc"/>'s.
    /// </summary>
    public static RootError Grow(out ulong first)
    {
        // Room for one more CNode's words before the request, so that a CNode granted is never lost to an allocation.
        ulong[] words = Words(Highest(AppState.HeldCNodes) + 2);
        RootError e = RootCall.CSpaceGrow(out first);
        if (e != RootError.Ok)
        {
            return e;
        }

        if (!CSpaceGrowRequest.DecodeReply(first, out int k))
        {
            return RootError.BadArgument; // not a CNode the root task adds: never the case
        }

        words = Words(k + 1);
        words.AsSpan(k * WordsPerCNode, WordsPerCNode).Clear();
        AppState.HeldCNodes |= 1UL << k;
        AppState.SlotHint = Math.Min(AppState.SlotHint, k * WordsPerCNode);
        return RootError.Ok;
    }

    /// <summary>
    /// Deletes the capability in <paramref name="slot"/> (nothing happens for an empty slot) and, when
    /// <paramref name="free"/>, returns the slot: for a capability received in a typed call that is no longer needed.
    /// </summary>
    public static void Delete(ulong slot, bool free = true)
    {
        new CNode(CapSlots.SelfCNode, 64).Delete(slot);
        if (free)
        {
            Free(slot);
        }
    }

    /// <summary>Returns a slot taken with <see cref="Alloc"/> (a well-known slot, or one not taken, is left as it is).</summary>
    public static void Free(ulong slot)
    {
        ulong[]? words = AppState.SlotWords;
        int k = CapSlots.CNodeOf(slot), s = CapSlots.SlotOf(slot);
        if (words is null || !CapSlots.IsAppCptr(slot) || (AppState.HeldCNodes & (1UL << k)) == 0 || (k == 0 && (ulong)s < CapSlots.FirstFree))
        {
            return;
        }

        int w = (k * WordsPerCNode) + (s / 64);
        ulong bit = 1UL << (s % 64);
        if ((words[w] & bit) != 0)
        {
            words[w] &= ~bit;
            AppState.SlotsTaken--;
            AppState.SlotHint = Math.Min(AppState.SlotHint, w);
        }
    }

    // The lowest free slot of the CNodes held, from the first word that may have one (no allocation but the first call's).
    private static bool Take(out ulong slot)
    {
        ulong[] words = AppState.SlotWords ?? Words(1);
        for (int w = AppState.SlotHint; w < words.Length; w++)
        {
            if (words[w] != ulong.MaxValue)
            {
                int bit = LowestZero(words[w]);
                words[w] |= 1UL << bit;
                AppState.SlotHint = w;
                AppState.SlotsTaken++;
                slot = CapSlots.Cptr(w / WordsPerCNode, ((w % WordsPerCNode) * 64) + bit);
                return true;
            }
        }

        AppState.SlotHint = words.Length;
        slot = 0;
        return false;
    }

    // The bitmap with words for CNodes 0..cnodes-1 at least: grown by doubling, a CNode not held all taken.
    private static ulong[] Words(int cnodes)
    {
        ulong[]? words = AppState.SlotWords;
        int need = Math.Min(cnodes, CapSlots.MaxCNodes) * WordsPerCNode;
        if (words is not null && words.Length >= need)
        {
            return words;
        }

        int length = Math.Max(need, words is null ? WordsPerCNode : Math.Min(words.Length * 2, CapSlots.MaxCNodes * WordsPerCNode));
        var grown = new ulong[length];
        grown.AsSpan().Fill(ulong.MaxValue);
        if (words is null)
        {
            grown.AsSpan(0, WordsOfCNode0).Clear(); // CNode 0's slots past FirstCNodeSlots stay taken: it has none there
            grown[0] = (1UL << (int)CapSlots.FirstFree) - 1; // the well-known slots
        }
        else
        {
            words.AsSpan().CopyTo(grown);
        }

        AppState.SlotWords = grown;
        return grown;
    }

    // Bit helpers (the bare-metal corelib has no BitOperations): a word's lowest clear bit (it has one), its set bits,
    // its highest set bit (it has one).
    private static int LowestZero(ulong word)
    {
        int bit = 0;
        while ((word & (1UL << bit)) != 0)
        {
            bit++;
        }

        return bit;
    }

    private static int Count(ulong word)
    {
        int n = 0;
        for (; word != 0; word &= word - 1)
        {
            n++;
        }

        return n;
    }

    private static int Highest(ulong word)
    {
        int bit = 63;
        while ((word & (1UL << bit)) == 0)
        {
            bit--;
        }

        return bit;
    }
}
