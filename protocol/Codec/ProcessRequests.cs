// The words inside a spawn's request (its quota), the spawn rules, and CSpaceGrow's reply check.
using System;

namespace Smos.Protocol;

/// <summary>
/// The words inside a spawn's request (<see cref="IRootTask.Spawn"/>, <see cref="IRootTask.SpawnGranted"/>) that its
/// generated codec carries as counted runs: the optional quota and the grants, and the root task's rules for the rest.
/// </summary>
public static class SpawnRequest
{
    /// <summary>The quota's words: none for <paramref name="quota"/> null, else <see cref="ProcessQuota.Words"/>; returns how many.</summary>
    public static int EncodeQuota(ProcessQuota? quota, Span<ulong> words)
    {
        if (quota is not { } q)
        {
            return 0;
        }

        q.Encode(words);
        return ProcessQuota.Words;
    }

    /// <summary>The decoded quota words: none (no quota) or exactly <see cref="ProcessQuota.Words"/>; BadArgument otherwise.</summary>
    public static RootError DecodeQuota(ReadOnlySpan<ulong> words, out ProcessQuota quota, out bool hasQuota)
    {
        quota = default;
        hasQuota = words.Length == ProcessQuota.Words;
        if (words.Length != 0 && !hasQuota)
        {
            return RootError.BadArgument;
        }

        if (hasQuota)
        {
            quota = ProcessQuota.Decode(words);
        }

        return RootError.Ok;
    }

    /// <summary>The name (1 to <see cref="ProcessAbi.MaxAppNameBytes"/> bytes) and args (at most <see cref="ProcessAbi.MaxArgBytes"/>): BadArgument otherwise.</summary>
    public static RootError Check(ReadOnlySpan<byte> name, ReadOnlySpan<byte> args) =>
        name.Length == 0 || name.Length > ProcessAbi.MaxAppNameBytes || args.Length > ProcessAbi.MaxArgBytes ? RootError.BadArgument : RootError.Ok;
}

/// <summary>
/// The reply of CSpaceGrow (<see cref="IRootTask.CSpaceGrow"/>): MR0 = the cptr of slot 0 of the CNode added to the
/// caller's CSpace (<see cref="CapSlots.Cptr"/>).
/// </summary>
public static class CSpaceGrowRequest
{
    /// <summary>The CNode number of a reply's cptr; false when the cptr is not slot 0 of an added CNode (1..63).</summary>
    public static bool DecodeReply(ulong cptr, out int cnode)
    {
        cnode = CapSlots.CNodeOf(cptr);
        return CapSlots.IsAppCptr(cptr) && CapSlots.SlotOf(cptr) == 0 && cnode >= 1 && cnode < CapSlots.MaxCNodes;
    }
}
